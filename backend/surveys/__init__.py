"""Surveys: pure helpers (no database)."""
