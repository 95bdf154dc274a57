"""Models of orbis/privacy/requests."""
