// Runs graphql-http's GraphQL-over-HTTP server audit against a live server and prints one
// JSON line per audit: {id, name, status, reason}. Exits 0 whatever the results: the caller
// (tests/test_graphql_http_audit.py) judges them. Usage: node audit.mjs http://host:port/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
for (const result of results) {
  console.log(
    JSON.stringify({
      id: result.id,
      name: result.name,
      status: result.status,
      reason: result.status === 'ok' ? null : result.reason,
    }),
  );
}
