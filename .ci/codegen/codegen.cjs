// graphql-codegen over the committed schema and a folder of operations: the README's
// ```graphql blocks, written there by tests/test_readme.py (CODEGEN_OPERATIONS).
// strictScalars: a custom scalar without a mapping below fails the run.
const path = require("node:path");

const operations = process.env.CODEGEN_OPERATIONS || path.join(__dirname, "operations");
const output = process.env.CODEGEN_OUTPUT || path.join(__dirname, "generated", "types.ts");

module.exports = {
  overwrite: true,
  schema: path.join(__dirname, "..", "..", "schema.graphql"),
  documents: path.join(operations, "*.graphql"),
  generates: {
    [output]: {
      plugins: ["typescript", "typescript-operations"],
      config: {
        strictScalars: true,
        scalars: {
          DateTime: "string", // RFC 3339, e.g. 2026-01-01T09:30:00+00:00
          JSON: "unknown", // any JSON value (RFC 8259)
        },
      },
    },
  },
};
