"""The MedEzy web app (webhooks, gateway, panels) and the process entry points (CLI, worker)."""
