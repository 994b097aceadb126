"""Event types: what each recorded action is called in the event stream, and what it means.

The catalog is the single list: `domain.events.audit.record` refuses an action missing here, so a
new mutation cannot land without its event type (its tests fail first). An event type is
past tense (`organization.suspended`); several actions may share one (an expiry suspends
too), and the payload's `action` keeps the finer one.
"""

from __future__ import annotations

from dataclasses import dataclass

# The payload version: raised when a field changes meaning or goes away (adding a field
# is not a new version; receivers ignore fields they do not know).
PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class EventType:
    name: str
    description: str


def _t(name: str, description: str) -> EventType:
    return EventType(name, description)


# Audit action -> event type.
EVENT_OF_ACTION: dict[str, EventType] = {
    # Organizations' lifecycle
    "organization.create": _t("organization.created", "A reseller or customer was created."),
    "organization.copy": _t(
        "organization.copied", "A customer was created as a copy of another (details.source)."
    ),
    "organization.activate": _t("organization.activated", "A PENDING organization went live."),
    "organization.suspend": _t("organization.suspended", "An organization was suspended."),
    "organization.expire": _t(
        "organization.suspended",
        "An organization was suspended by the scheduler: its expiry date passed.",
    ),
    "organization.reactivate": _t("organization.reactivated", "A suspension was lifted."),
    "organization.delete": _t(
        "organization.deleted", "An organization was soft-deleted (restorable until purged)."
    ),
    "organization.restore": _t("organization.restored", "A soft-deleted organization is back."),
    "organization.purge": _t(
        "organization.purged", "An organization and everything in it are gone for good."
    ),
    "organization.purge_retry": _t(
        "organization.purge_retried", "A failed purge was started again (where it stopped)."
    ),
    "organization.move": _t("organization.moved", "A customer moved to another owner."),
    "organization.move_away": _t(
        "organization.moved_away",
        "A customer left this organization for an owner outside it (target: the customer; "
        "written in the former owner's log, never naming the new owner).",
    ),
    "organization.convert_to_reseller": _t(
        "organization.converted", "A customer became a reseller."
    ),
    "organization.update": _t("organization.updated", "An organization's details changed."),
    "organization.expiry_warning": _t(
        "organization.expiry_warned", "The scheduler warned that an account expires soon."
    ),
    "organization.purge_warning": _t(
        "organization.purge_warned",
        "The scheduler warned that a deleted organization's purge is near.",
    ),
    "organization_settings.update": _t(
        "organization.settings_updated", "Branding or settings of an organization changed."
    ),
    # Plans and quotas
    "organization.change_plan": _t("plan.changed", "An organization was given another plan."),
    "organization.quota_overrides": _t(
        "quota.changed", "An organization's quota overrides were set."
    ),
    "plan.create": _t("plan.created", "A plan was created."),
    "plan.update": _t("plan.updated", "A plan's limits or name changed."),
    # Services
    "service.create": _t("service.created", "A service was provisioned."),
    "service.update": _t("service.updated", "A service changed (name, settings or status)."),
    "service.delete": _t("service.deleted", "A service was removed."),
    # Users and access
    "user.create": _t("user.created", "A login was created in an organization."),
    "user.link": _t("user.linked", "An existing login joined another organization."),
    "user.update": _t("user.updated", "A login or its membership changed."),
    "user.remove": _t("user.deleted", "A login was removed from an organization."),
    "user.change_password": _t("user.password_changed", "A login changed its own password."),
    "user.set_password": _t("user.password_changed", "A login's password was set."),
    "user.reset_password": _t(
        "user.password_changed", "A login set its password through an emailed link."
    ),
    "user.reset_link": _t("user.reset_link_created", "A set-password link was made for a login."),
    "user.enable_two_factor": _t("user.two_factor_enabled", "A login enrolled an authenticator."),
    "user.disable_two_factor": _t(
        "user.two_factor_disabled", "A login turned its two-factor login off."
    ),
    "user.reset_two_factor": _t(
        "user.two_factor_reset", "A manager removed a login's two-factor setup."
    ),
    "user.regenerate_recovery_codes": _t(
        "user.recovery_codes_regenerated", "A login's recovery codes were replaced."
    ),
    "user.revoke_session": _t("user.session_revoked", "A login's session was ended."),
    "user.revoke_sessions": _t("user.sessions_revoked", "A login's sessions were ended."),
    "organization.impersonate": _t(
        "impersonation.started", "Someone from above logged in as an organization's owner."
    ),
    "organization.end_impersonation": _t("impersonation.ended", "An impersonation ended."),
    "department.create": _t("department.created", "A department was created."),
    "department.update": _t("department.updated", "A department changed."),
    "department.delete": _t("department.deleted", "A department was deleted."),
    "invitation.create": _t("invitation.created", "A login was invited to an organization."),
    "invitation.accept": _t("invitation.accepted", "An invitation was accepted."),
    "invitation.decline": _t("invitation.declined", "An invitation was declined."),
    "api_key.create": _t("api_key.created", "An API key was created."),
    "api_key.revoke": _t("api_key.revoked", "An API key was revoked."),
    "security_policy.update": _t("security_policy.updated", "A password or login policy changed."),
    # Private notes, email templates
    "note.add": _t("note.created", "A private note was written."),
    "note.update": _t("note.updated", "A private note was edited."),
    "note.delete": _t("note.deleted", "A private note was deleted."),
    "email_template.set": _t("email_template.updated", "A notification email's wording was set."),
    "email_template.reset": _t(
        "email_template.reset", "A notification email went back to the inherited wording."
    ),
    # Webhook endpoints themselves
    "webhook_endpoint.create": _t("webhook_endpoint.created", "A webhook endpoint was added."),
    "webhook_endpoint.update": _t(
        "webhook_endpoint.updated", "A webhook endpoint changed (or was enabled, or disabled)."
    ),
    "webhook_endpoint.delete": _t("webhook_endpoint.deleted", "A webhook endpoint was removed."),
    "webhook_endpoint.rotate_secret": _t(
        "webhook_endpoint.secret_rotated", "A webhook endpoint's signing secret was replaced."
    ),
    "webhook_endpoint.redeliver": _t(
        "webhook_endpoint.redelivery_requested", "A delivery was set to be sent again."
    ),
    "webhook_endpoint.send_test": _t(
        "webhook_endpoint.test_sent", "A test message was queued for a webhook endpoint."
    ),
    "webhook_endpoint.disable": _t(
        "webhook_endpoint.disabled",
        "A webhook endpoint was disabled by the platform: its deliveries kept failing, or its "
        "organization moved away from the login that made it.",
    ),
}

# Every event type, once, in the catalog's order.
EVENT_TYPES: tuple[str, ...] = tuple(dict.fromkeys(t.name for t in EVENT_OF_ACTION.values()))


class UnknownAction(LookupError):
    """An audit action with no event type: a programming error, caught by the tests."""


def event_type_of(action: str) -> str:
    try:
        return EVENT_OF_ACTION[action].name
    except KeyError:
        raise UnknownAction(f"audit action {action!r} has no event type in the catalog") from None


def actions_of(types: list[str] | tuple[str, ...]) -> list[str]:
    """The audit actions that make up the given event types (a trailing `.*` takes a
    whole family, e.g. `organization.*`)."""
    wanted = set(types)
    families = tuple(t[:-1] for t in types if t.endswith(".*"))
    return [
        action
        for action, kind in EVENT_OF_ACTION.items()
        if kind.name in wanted or (families and kind.name.startswith(families))
    ]


def hint_for(name: str) -> str:
    """For a name that is not an event type: " `user.create` is an audit action: its event
    type is `user.created`." when it is an action, else "". The audit log shows actions and
    the stream types, so an action is the likeliest mistake and the error should fix it."""
    kind = EVENT_OF_ACTION.get(name)
    if kind is None or kind.name == name:
        return ""
    return f" `{name}` is an audit action: its event type is `{kind.name}`."


def is_event_type(name: str) -> bool:
    """A known type, or a known family (`organization.*`)."""
    if name.endswith(".*"):
        return any(t.startswith(name[:-1]) for t in EVENT_TYPES)
    return name in EVENT_TYPES
