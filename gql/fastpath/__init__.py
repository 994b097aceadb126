"""The fast path: Tenantry's adapters to the internals of graphql-core and Strawberry.

Every use of what those libraries do not document (graphql-core's executor methods, the
fields of a built schema, Strawberry's field definitions and DataLoader internals, the
executable schema behind `strawberry.Schema`) lives in this package and nowhere else
(tests/test_private_api_contract.py checks it). An upgrade of either library means
re-reading these modules; `WRITTEN_FOR` below says which versions they were read against
(tests/test_adapter_versions.py fails when the installed ones differ).

- `executor.py`: the planned execution context (graphql-core's executor, subclassed).
- `field_plans.py`: how each field of a selection set is executed on that path.
- `direct.py`: `@direct` resolvers, wired into the executable schema.
- `loaders.py`: what the per-request loaders rely on of Strawberry's DataLoader.
- `wiring.py`: attaching all of it to a built schema, or not (`FAST_PATH=off`).
- `stream_transport.py`: the streaming transport a request asks for (gql/http_view.py).
"""

# The versions these modules were read against (tests/test_adapter_versions.py).
WRITTEN_FOR = {"graphql-core": "3.3.2", "strawberry-graphql": "0.341.2"}
