"""Background work the domain schedules: purging deleted organizations (and its SQL), the
warning before a purge, and the outbox of emails sent after a commit."""
