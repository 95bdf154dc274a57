"""Models of orbis/privacy/governance."""
