"""Patient-facing content the bot and pages share (answers to common questions)."""
