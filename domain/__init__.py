"""Business rules: plain async functions taking an Actor. No GraphQL, no HTTP."""
