"""Forms of the matches app: they clean input, nothing more (writes live in services/)."""
