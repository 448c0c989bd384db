"""Events: tickets and calendar files."""
