"""Long imports and exports run as background jobs in a thread pool of the web process; each job's
state (owner, progress, result, error) lives in the `backgroundjob` table so that a reload or
another web process sees it. No broker (Redis, Celery) is needed. Part of the web edge (monitor)."""
