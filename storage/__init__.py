"""Tables, queries and migrations of the partnership database."""
