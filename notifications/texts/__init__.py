"""Message texts, one module per language: {trigger: {"whatsapp": ..., "sms": ..., "subject": ...}}.

Placeholders are named ({ref}, {when}); SMS texts are registered on DLT with each placeholder written
{#var#}, so an SMS text may only change together with its DLT registration.
"""
