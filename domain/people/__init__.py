"""The logins of an organization: users and their memberships, departments, the directory
of who sees whom, invitations, access rights, and the emails that set a password."""
