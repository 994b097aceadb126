"""A cheap bound on what validating a document costs, checked before the rules run.

graphql-core's OverlappingFieldsCanBeMerged compares every two fields that share a response
name in a selection set, including those brought in by fragment spreads, recursively: a
document of a few hundred repeated fields, or a fragment spread a few hundred times, is
small enough for the token limit and held the event loop for a second or more (and
Strawberry's depth and alias limiters expand every spread of every fragment again, without
bound, when their rules are built). `check_document` walks the document once, expanding
spreads, and refuses it (BAD_REQUEST) when it has too many selections or too many
same-named fields to compare; the validation extension runs it before any rule, so
validation of any document that is accepted stays within milliseconds.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

# Fields, spreads and inline fragments, a fragment counted again each time it is spread.
# GraphiQL's introspection query has about 200; the largest screen of our frontends ~300.
MAX_SELECTIONS = 500
# Pairs of fields with one response name in one (merged) selection set: a Relay-style
# client asking for `id` in 20 fragments of one object makes 190.
MAX_SAME_NAME_PAIRS = 500


class TooCostly(GraphQLError):
    """A document over a limit: the request's error, validation is not even started."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_REQUEST"})


class _Walk:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.selections = 0
        self.pairs = 0

    def count(self, cost: int = 1) -> None:
        self.selections += cost
        if self.selections > MAX_SELECTIONS:
            raise TooCostly(
                f"The document has more than {MAX_SELECTIONS} selections (fields and fragment "
                "spreads, counting a fragment each time it is spread)."
            )

    def fields(
        self, selection_set: SelectionSetNode, into: dict[str, list[FieldNode]], open: set[str]
    ) -> None:
        """Collect the fields of a selection set by response name, expanding fragments as
        graphql-core does (a fragment spread within itself is invalid: not expanded)."""
        for selection in selection_set.selections:
            self.count()
            if isinstance(selection, FieldNode):
                name = (selection.alias or selection.name).value
                into.setdefault(name, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                self.fields(selection.selection_set, into, open)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None and fragment.name.value not in open:
                    open.add(fragment.name.value)
                    self.fields(fragment.selection_set, into, open)
                    open.discard(fragment.name.value)

    def merged(self, selection_sets: list[SelectionSetNode]) -> None:
        """Check the selection sets that merge into one (those of same-named fields)."""
        groups: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            self.fields(selection_set, groups, set())
        for group in groups.values():
            self.pairs += len(group) * (len(group) - 1) // 2
            if self.pairs > MAX_SAME_NAME_PAIRS:
                raise TooCostly(
                    "The document repeats the same fields too often (fields with one name "
                    "in one selection, counting fragments): ask for each field once."
                )
        for group in groups.values():
            children = [field.selection_set for field in group if field.selection_set]
            if children:
                self.merged(children)


def check_document(document: DocumentNode) -> None:
    """Raise TooCostly when `document` is over a limit. The work is bounded by the limits
    themselves: the walk stops as soon as it passes one, however much a spread expands."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    walk = _Walk(fragments)
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            walk.merged([definition.selection_set])
