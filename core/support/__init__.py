"""Support work on tickets: SLA targets and breaches, the agents' queue (presence, claiming, automatic
assignment), notes and canned replies. The ticket lifecycle itself is core.tickets."""
