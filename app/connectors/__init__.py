"""Connectors to external networks: listening collectors (and, later, publishers)."""
