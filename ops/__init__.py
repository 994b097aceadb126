"""Running Tenantry in production: request ids, structured logs, metrics, probes, the
checks `tenantry` makes before it starts, progress bars and the development mail sink."""
