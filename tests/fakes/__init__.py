"""Local fake servers speaking the documented shape of the external APIs Vigie calls."""
