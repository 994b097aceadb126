"""What an organization may use: plans and plan changes, quotas up the tree, services and
their provisioning state, and the domains they claim."""
