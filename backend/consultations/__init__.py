"""Consultations' pure helpers: working hours, statistics. No database."""
