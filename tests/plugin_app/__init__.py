"""A throw-away app that plugs into the core the way every app does (tests/core/test_registry.py):
its own files, one line in INSTALLED_APPS, one include in the root URLconf, no core file edited."""
