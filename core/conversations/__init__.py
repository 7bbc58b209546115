"""WhatsApp conversations: the message log, outbound sends under WhatsApp's rules, agent takeover."""
