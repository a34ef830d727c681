"""Slack wiring: the bolt app, its listeners grouped by surface, and the ways to serve it."""
