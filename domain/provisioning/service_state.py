"""What a service does now: its own status, as its organization's effective status allows.

A provisioning agent reads `Service.effectiveStatus` to know what to switch on or off; the
rule lives here once, for the type, the filters (in Python for a loaded page, in SQL for
the root list) and the tests.
"""

from __future__ import annotations

from models.enums import (
    OrganizationStatus,
    ServiceEffectiveStatus,
    ServiceKind,
    ServiceStatus,
)

# Kinds that keep accepting mail while their organization is suspended: a suspension must
# not bounce a customer's mail (it is lost to the senders), it stops everything else.
RECEIVING_KINDS = frozenset({ServiceKind.MAILBOX})


def effective(
    kind: ServiceKind | str, own: ServiceStatus | str, organization: OrganizationStatus
) -> ServiceEffectiveStatus:
    """The service's effective status; `organization` is its organization's effective
    status (the strictest of its own and every ancestor's: domain/hierarchy/status.py).

    A deleted organization turns everything off; then a service disabled on its own stays
    disabled; a suspension stops everything but receiving mail; a pending organization's
    services are not on yet.
    """
    if organization == OrganizationStatus.DELETED:
        return ServiceEffectiveStatus.DELETED
    if own == ServiceStatus.DISABLED:
        return ServiceEffectiveStatus.DISABLED
    if organization == OrganizationStatus.SUSPENDED:
        if kind in RECEIVING_KINDS:
            return ServiceEffectiveStatus.RECEIVE_ONLY
        return ServiceEffectiveStatus.SUSPENDED
    if organization == OrganizationStatus.PENDING:
        return ServiceEffectiveStatus.PENDING
    return ServiceEffectiveStatus.ACTIVE


# Organizations of these effective statuses, services of this own status and these kinds.
Combination = tuple[frozenset[OrganizationStatus], ServiceStatus, frozenset[ServiceKind]]


def combinations(wanted: ServiceEffectiveStatus) -> list[Combination]:
    """`effective` inverted, for a filter in SQL: the services that have `wanted` are those
    of one of these combinations. Derived from `effective` itself, so that the two can
    never disagree."""
    grouped: dict[tuple[ServiceStatus, frozenset[ServiceKind]], set[OrganizationStatus]] = {}
    for organization in OrganizationStatus:
        for own in ServiceStatus:
            kinds = frozenset(k for k in ServiceKind if effective(k, own, organization) == wanted)
            if kinds:
                grouped.setdefault((own, kinds), set()).add(organization)
    return [(frozenset(orgs), own, kinds) for (own, kinds), orgs in grouped.items()]
