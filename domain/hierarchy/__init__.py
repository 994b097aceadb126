"""The organization tree: creating, editing, moving and copying organizations, their
lifecycle (suspend, delete, restore, expiry), handover of ownership, notes, external ids,
panel settings and the notifications they send."""
