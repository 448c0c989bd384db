"""Events without the database: kinds and statuses, plain values, tickets and calendar files."""
