"""The root Mutation type: one field per operation, resolvers in the domain modules here."""

from __future__ import annotations

import strawberry

from gql.resolvers import (
    api_keys,
    auth,
    departments,
    email_templates,
    invitations,
    jobs,
    lifecycle,
    organization_mutations,
    passwords,
    plan_changes,
    plans,
    policy,
    sessions,
    two_factor,
    user_mutations,
    webhook_deliveries,
    webhook_endpoints,
)
from gql.schema.api_keys import CreateApiKeyPayload, RevokeApiKeyPayload
from gql.schema.auth import (
    EndImpersonationPayload,
    ImpersonatePayload,
    LoginPayload,
    LogoutPayload,
)
from gql.schema.department_inputs import (
    DeleteDepartmentPayload,
    DepartmentPayload,
    UpdateOrganizationSettingsPayload,
)
from gql.schema.email_template import EmailTemplatePayload
from gql.schema.invitation import AcceptInvitationPayload, DeclineInvitationPayload
from gql.schema.jobs import PurgeOrganizationsPayload, RetryDeletionJobPayload
from gql.schema.lifecycle import OrganizationsPayload
from gql.schema.organization_inputs import (
    CreateOrganizationPayload,
    DeleteNotePayload,
    NotePayload,
    UpdateOrganizationPayload,
)
from gql.schema.password_inputs import (
    ChangePasswordPayload,
    CreatePasswordResetLinkPayload,
    RequestPasswordResetPayload,
    ResetPasswordPayload,
    SetUserPasswordPayload,
)
from gql.schema.plan_changes import ChangePlanPayload, SetQuotaOverridesPayload
from gql.schema.plan_inputs import DeleteServicePayload, PlanPayload, ServicePayload
from gql.schema.policy import UpdateSecurityPolicyPayload
from gql.schema.session import RevokeSessionPayload, RevokeSessionsPayload
from gql.schema.two_factor import (
    BeginTotpEnrollmentPayload,
    ConfirmTotpEnrollmentPayload,
    DisableTotpPayload,
    RegenerateRecoveryCodesPayload,
    ResetTwoFactorPayload,
)
from gql.schema.user_inputs import CreateUserPayload, DeleteUserPayload, UpdateUserPayload
from gql.schema.webhook_deliveries import RedeliverWebhookPayload, SendTestWebhookPayload
from gql.schema.webhook_endpoint import (
    CreateWebhookEndpointPayload,
    DeleteWebhookEndpointPayload,
    RotateWebhookSecretPayload,
    UpdateWebhookEndpointPayload,
)


@strawberry.type(
    description="Every change, one mutation per action. Business refusals come back in "
    "each payload's `userErrors { field message code }` (nothing changed for that input); "
    "a missing or refused token is a top-level error instead."
)
class Mutation:
    login: LoginPayload = strawberry.mutation(
        resolver=auth.login,
        description="Exchange email and password for a bearer token. Unknown email and wrong "
        "password give the same INVALID_CREDENTIALS answer. Failed logins answer after a short "
        "delay; too many from one network address answer TOO_MANY_ATTEMPTS for a while.",
    )
    logout: LogoutPayload = strawberry.mutation(
        resolver=auth.logout, description="Revoke the token this request was made with."
    )

    activate_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.activate,
        description="PENDING -> ACTIVE: its users may log in. Per-id results; dryRun checks only.",
    )
    suspend_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.suspend,
        description="ACTIVE -> SUSPENDED: its users (and everything below it) cannot log in and "
        "their sessions and API keys stop at once; mailboxes keep receiving mail. The "
        "organization is emailed the reason unless notify is false.",
    )
    reactivate_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.reactivate,
        description="SUSPENDED -> ACTIVE. Organizations below it come back exactly as they were. "
        "An expiry date that has passed is lifted. Emailed unless notify is false.",
    )
    delete_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.delete,
        description="Soft delete: like suspend, plus websites and mailboxes off; restorable "
        "until purgeAfter (now + the retention period). Emailed unless notify is false, and "
        "warned again before the purge.",
    )
    restore_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.restore,
        description="DELETED -> the status it had before the delete.",
    )

    create_customer: CreateOrganizationPayload = strawberry.mutation(
        resolver=organization_mutations.create_customer,
        description="Create a customer with its OWNER login (an email that has a login "
        "already is invited instead, see the payload's invitation). Administrators may "
        "choose its owner; resellers create under themselves.",
    )
    create_reseller: CreateOrganizationPayload = strawberry.mutation(
        resolver=organization_mutations.create_reseller,
        description="Create a reseller (administrators) or a sub-reseller (resellers, up to "
        "3 levels of resellers) with its OWNER login.",
    )
    update_organization: UpdateOrganizationPayload = strawberry.mutation(
        resolver=organization_mutations.update_organization,
        description="Edit name, company and contact details (the owner chain's managers and "
        "the organization's own OWNER/ADMIN).",
    )
    add_note: NotePayload = strawberry.mutation(
        resolver=organization_mutations.add_note,
        description="Write a private note about an organization below yours.",
    )
    update_note: NotePayload = strawberry.mutation(
        resolver=organization_mutations.update_note,
        description="Change a note written by your organization.",
    )
    delete_note: DeleteNotePayload = strawberry.mutation(
        resolver=organization_mutations.delete_note,
        description="Delete a note written by your organization.",
    )

    create_plan: PlanPayload = strawberry.mutation(
        resolver=plans.create_plan,
        description="Create a plan of your organization; a reseller's plans stay within its "
        "own plan. Needs the `plans` access right.",
    )
    update_plan: PlanPayload = strawberry.mutation(
        resolver=plans.update_plan,
        description="Change a plan of your organization, within your own plan, never below "
        "what the organizations on it already use in their subtrees (refused with the "
        "`conflicts` listed; `dryRun` only lists them).",
    )
    create_service: ServicePayload = strawberry.mutation(
        resolver=plans.create_service,
        description="Add a service to a customer: QUOTA_EXCEEDED when it would pass the "
        "quota of its plan or of any plan above it (each counts its whole subtree), "
        "SERVICE_NOT_ENABLED for a kind one of them does not include, DOMAIN_TAKEN for a "
        "website or DNS zone whose domain the platform already has (anyone's).",
    )
    update_service: ServicePayload = strawberry.mutation(
        resolver=plans.update_service,
        description="Rename a service (DOMAIN_TAKEN as in createService) or switch it on or "
        "off: a DISABLED service is off whatever its organization's state.",
    )
    delete_service: DeleteServicePayload = strawberry.mutation(
        resolver=plans.delete_service, description="Remove a service."
    )
    change_plan: ChangePlanPayload = strawberry.mutation(
        resolver=plan_changes.change_plan,
        description="Put a reseller or customer you manage on another plan of its owner, or "
        "on a custom plan of its own (WHM changepackage); its quota overrides end. Refused "
        "with QUOTA_EXCEEDED, listing the conflicts, when the plan would not allow what its "
        "subtree uses; dryRun only lists them. Needs the `plans` access right.",
    )
    set_quota_overrides: SetQuotaOverridesPayload = strawberry.mutation(
        resolver=plan_changes.set_quota_overrides,
        description="Set or clear a reseller's or customer's own quotas, replacing its "
        "plan's values (WHM editquota): within what its owner may hold, never below what its "
        "subtree uses. Needs the `plans` access right.",
    )

    convert_to_reseller: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.convert_to_reseller,
        description="Turn customers into resellers, keeping their users and notes; a "
        "customer's services go to a new customer of it with its name. One plan for all, "
        "or a plan per id (`plans`); a custom plan by default.",
    )
    move_organizations: OrganizationsPayload = strawberry.mutation(
        resolver=lifecycle.move,
        description="Move customers to another owner (the master or a reseller you manage), "
        "optionally onto one of its plans, for all or per id (`plans`). dryRun lists quota "
        "and service conflicts.",
    )
    copy_customer: CreateOrganizationPayload = strawberry.mutation(
        resolver=organization_mutations.copy_customer,
        description="Copy a customer: plan, quotas, security policy and departments (without "
        "users), and the chosen service kinds' settings. Users are never copied.",
    )

    purge_organizations: PurgeOrganizationsPayload = strawberry.mutation(
        resolver=jobs.purge_organizations,
        description="Remove DELETED organizations and everything under them for good, in a "
        "background job per organization (dryRun counts what would go). Audit events stay.",
    )
    retry_deletion_job: RetryDeletionJobPayload = strawberry.mutation(
        resolver=jobs.retry_deletion_job,
        description="Run a FAILED deletion job again; it resumes where it stopped.",
    )

    create_department: DepartmentPayload = strawberry.mutation(
        resolver=departments.create_department,
        description="Add a department to a customer (its OWNER/ADMIN or its owner chain).",
    )
    update_department: DepartmentPayload = strawberry.mutation(
        resolver=departments.update_department,
        description="Change a department: name, description, branding, settings, "
        "address-book rules, IP ranges; null settings inherit the customer's again.",
    )
    delete_department: DeleteDepartmentPayload = strawberry.mutation(
        resolver=departments.delete_department,
        description="Delete a department; its users stay, without a department.",
    )
    update_organization_settings: UpdateOrganizationSettingsPayload = strawberry.mutation(
        resolver=departments.update_organization_settings,
        description="Set the Master's, a reseller's or a customer's own branding, mail "
        "settings and address-book rules (its administrators); null inherits from above. "
        "Departments and users below inherit them unless they set their own.",
    )

    create_user: CreateUserPayload = strawberry.mutation(
        resolver=user_mutations.create_user,
        description="Add a login to an organization (its OWNER/ADMIN or its owner chain); "
        "a generated password is returned once when none is given.",
    )
    update_user: UpdateUserPayload = strawberry.mutation(
        resolver=user_mutations.update_user,
        description="Change a user: profile (a MEMBER only its own: names, language, "
        "message disclaimer, display name and phones), email, status, department, mail "
        "settings, directory properties, role and access rights. The last OWNER cannot be "
        "demoted.",
    )
    delete_user: DeleteUserPayload = strawberry.mutation(
        resolver=user_mutations.delete_user,
        description="Remove a user from an organization (never its last OWNER); a user left "
        "without organizations is deleted.",
    )

    impersonate: ImpersonatePayload = strawberry.mutation(
        resolver=auth.impersonate,
        description="Log in as a customer or reseller below you (administrators: any), for 30 "
        "minutes. Everything done with the token is audited with both users.",
    )
    end_impersonation: EndImpersonationPayload = strawberry.mutation(
        resolver=auth.end_impersonation,
        description="Back to admin: revoke the impersonation token this request came with.",
    )

    accept_invitation: AcceptInvitationPayload = strawberry.mutation(
        resolver=invitations.accept_invitation,
        description="Accept an invitation of your login into an organization, with the token "
        "from the invitation email: the membership exists from now on. Not from an "
        "impersonation or an API key.",
    )
    decline_invitation: DeclineInvitationPayload = strawberry.mutation(
        resolver=invitations.decline_invitation,
        description="Decline an invitation of your login; nothing was ever granted by it.",
    )

    create_api_key: CreateApiKeyPayload = strawberry.mutation(
        resolver=api_keys.create_api_key,
        description="Create an API key for an organization you manage; it acts with its role "
        "there under the same visibility rules. The secret is returned once.",
    )
    revoke_api_key: RevokeApiKeyPayload = strawberry.mutation(
        resolver=api_keys.revoke_api_key, description="Revoke an API key at once."
    )

    create_webhook_endpoint: CreateWebhookEndpointPayload = strawberry.mutation(
        resolver=webhook_endpoints.create_webhook_endpoint,
        description="Add a webhook endpoint to an organization you administer (default: "
        "yours), at most 20 each: it receives the events the organization may see, signed. "
        "The secret is returned once. Not with an API key or an impersonation.",
    )
    update_webhook_endpoint: UpdateWebhookEndpointPayload = strawberry.mutation(
        resolver=webhook_endpoints.update_webhook_endpoint,
        description="Change a webhook endpoint's URL, description or event types, or "
        "disable or enable it.",
    )
    delete_webhook_endpoint: DeleteWebhookEndpointPayload = strawberry.mutation(
        resolver=webhook_endpoints.delete_webhook_endpoint,
        description="Delete a webhook endpoint: nothing more is sent to it.",
    )
    rotate_webhook_secret: RotateWebhookSecretPayload = strawberry.mutation(
        resolver=webhook_endpoints.rotate_webhook_secret,
        description="Give a webhook endpoint a new signing secret, returned once; the "
        "previous one keeps signing too for 24 hours.",
    )

    update_security_policy: UpdateSecurityPolicyPayload = strawberry.mutation(
        resolver=policy.update_security_policy,
        description="Set an organization's own security policy (its managers or its owner "
        "chain). A value looser than the inherited one is INVALID, naming the field.",
    )

    change_password: ChangePasswordPayload = strawberry.mutation(
        resolver=passwords.change_password,
        description="Change your own password (also with the limited token login gives for an "
        "expired password). Your other sessions end.",
    )
    set_user_password: SetUserPasswordPayload = strawberry.mutation(
        resolver=passwords.set_user_password,
        description="Set a user's password as its administrator (generated when omitted, "
        "shown once); the user is told by email and its sessions end.",
    )
    request_password_reset: RequestPasswordResetPayload = strawberry.mutation(
        resolver=passwords.request_password_reset,
        description="Email a reset link if the email has a login. The answer is the same "
        "either way.",
    )
    create_password_reset_link: CreatePasswordResetLinkPayload = strawberry.mutation(
        resolver=passwords.create_password_reset_link,
        description="Show a reset link for a user you manage (no email is sent).",
    )
    reset_password: ResetPasswordPayload = strawberry.mutation(
        resolver=passwords.reset_password,
        description="Set a new password with a reset token: single use, 30 minutes; every "
        "session ends and nobody is logged in.",
    )

    set_email_template: EmailTemplatePayload = strawberry.mutation(
        resolver=email_templates.set_email_template,
        description="Word one kind of notification email for the organizations below yours "
        "(white label: the nearest organization above the recipient's with a template wins). "
        "OWNER/ADMIN of the Master or a reseller, for its own organization.",
    )
    reset_email_template: EmailTemplatePayload = strawberry.mutation(
        resolver=email_templates.reset_email_template,
        description="Drop your own template of one kind: the one above yours, or the "
        "built-in text, applies again.",
    )
    # Sessions and two-factor login (docs/sessions.md, docs/two-factor.md).
    revoke_session: RevokeSessionPayload = strawberry.mutation(
        resolver=sessions.revoke_session,
        description="Revoke one session of a login (User.sessions): it stops at once, open "
        "WebSockets included. The login itself, or those with authority over it.",
    )
    revoke_sessions: RevokeSessionsPayload = strawberry.mutation(
        resolver=sessions.revoke_sessions,
        description="Revoke every session of a login, or all but the current one "
        "(`exceptCurrent`). The login itself, or those with authority over it.",
    )
    complete_two_factor_login: LoginPayload = strawberry.mutation(
        resolver=two_factor.complete_two_factor_login,
        description="Second step of a login with two-factor: the challenge login answered "
        "and a current code (or a recovery code) give the token. Wrong codes count as "
        "failed logins.",
    )
    begin_totp_enrollment: BeginTotpEnrollmentPayload = strawberry.mutation(
        resolver=two_factor.begin_totp_enrollment,
        description="Start setting up an authenticator app: a new secret, shown once, that "
        "works once confirmed. Your own login only (or an ENROLL challenge).",
    )
    confirm_totp_enrollment: ConfirmTotpEnrollmentPayload = strawberry.mutation(
        resolver=two_factor.confirm_totp_enrollment,
        description="Turn two-factor login on with the new authenticator's first code; "
        "returns recovery codes, shown once (with an ENROLL challenge, also the token).",
    )
    disable_totp: DisableTotpPayload = strawberry.mutation(
        resolver=two_factor.disable_totp,
        description="Turn your own two-factor login off, with a current code or your "
        "password (refused while your organization's policy requires it).",
    )
    regenerate_recovery_codes: RegenerateRecoveryCodesPayload = strawberry.mutation(
        resolver=two_factor.regenerate_recovery_codes,
        description="New recovery codes for your login (the old ones stop working), with a "
        "current code or your password.",
    )
    reset_two_factor: ResetTwoFactorPayload = strawberry.mutation(
        resolver=two_factor.reset_two_factor,
        description="Turn off the two-factor login of a login you have authority over (a "
        "lost authenticator); the login is told by email.",
    )

    redeliver_webhook: RedeliverWebhookPayload = strawberry.mutation(
        resolver=webhook_deliveries.redeliver_webhook,
        description="Send a delivery again, as it was (same body, same webhook-id): it is "
        "PENDING again, its attempt log kept. INVALID_STATE while its endpoint is disabled.",
    )
    send_test_webhook: SendTestWebhookPayload = strawberry.mutation(
        resolver=webhook_deliveries.send_test_webhook,
        description="Send a webhook.test message to an endpoint, signed like any event, to "
        "check a receiver end to end. INVALID_STATE while the endpoint is disabled; "
        "QUOTA_EXCEEDED while 5 test messages wait to be sent to it already.",
    )
