"""Every vendor adapter, in one place: Razorpay, Twilio WhatsApp, S3/R2, RQ, the rasa server.

Each sits behind a small interface in core (PaymentProvider, MessagingProvider, Storage, JobQueue)
or is used only by the outer layers (RasaClient), and is chosen from settings by the process's
composition root (wiring.container). Sandbox providers stay with their feature.
"""
