"""Authentication and what guards it: passwords and their policy, sessions and tokens,
two-factor, login challenges, lockout and throttles, impersonation, API keys, and the
sealing of values handed to clients."""
