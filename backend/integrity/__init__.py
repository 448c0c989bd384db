"""Integrity of the journals (hash chains sealed by the worker) and of the kept backups:
`copp verify`, run daily by the worker, its result and the last backup's shown on the dashboard."""
