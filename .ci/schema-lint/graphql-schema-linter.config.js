// graphql-schema-linter over schema.graphql; tests/test_schema_lint.py runs it (.ci/run
// installs it here with `npm ci`).
//
// The description rules only: GraphiQL shows descriptions to every integrator, so every
// type, field, argument, input field and enum value carries one. tests/test_schema_lint.py
// also walks the built schema for the same holes without node, and for descriptions that
// only repeat the name, which no rule here can tell.
//
// Left off, on purpose:
// - the *-sorted-alphabetically rules: not our convention. Fields, arguments and values
//   are in the order of their meaning (id first, the usual before the rare, a lifecycle
//   in its order), which is also the order GraphiQL shows.
// - descriptions-are-capitalized: a description may open with the name of a field or
//   mutation (`updatePlan: ...`), which is camelCase.
// - deprecations-have-a-reason: Strawberry takes a deprecation only with its reason
//   (`deprecation_reason=`), so the rule could not fail.
// - the naming rules (types-are-capitalized, fields-are-camel-cased,
//   input-object-values-are-camel-cased, enum-values-all-caps), the relay-* rules and
//   defined-types-are-used: they pass today but are not about descriptions; names come
//   from Strawberry's conversion of the Python ones and connections from
//   gql/schema/relay.py, which own those conventions.
module.exports = {
  rules: [
    'types-have-descriptions',
    'fields-have-descriptions',
    'arguments-have-descriptions',
    'input-object-values-have-descriptions',
    'enum-values-have-descriptions',
  ],
};
