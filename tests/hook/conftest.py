"""Fixtures for the import-hook tests (see support.py for the helpers)."""
