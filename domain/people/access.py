"""Access rights: strings frontends use to show or hide screens (SPEC §1)."""

from __future__ import annotations

ALL_ACCESS_RIGHTS: tuple[str, ...] = (
    "billing",
    "dns",
    "email",
    "plans",
    "users",
    "websites",
)
