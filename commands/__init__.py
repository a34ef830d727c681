"""What the bot does with the text after `/forum`: parse, decide, query. No Slack here."""
