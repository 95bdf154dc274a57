"""Models of orbis/privacy."""
