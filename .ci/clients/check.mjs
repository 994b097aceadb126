// The client libraries a React frontend uses, against a live Tenantry, as that frontend would
// use them from another origin (a Vite dev server's): Apollo Client with automatic persisted
// queries over GET, urql with its defaults, graphql-ws for subscriptions, all HTTP through a
// fetch that applies CORS as a browser does (browser-fetch.mjs).
//
// Usage: node check.mjs URL [EMAIL PASSWORD]   (default login: the demo administrator)
// Prints one JSON summary {ok, checks: [{name, ok, detail | error}], requests}; exits 1
// when any check failed. It creates three customers (named after the run) and suspends and
// reactivates one of them.
import { createHash } from 'node:crypto';

import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client as UrqlClient, cacheExchange, fetchExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';

import { browserFetch, listed } from './browser-fetch.mjs';

const [url, email = 'admin@demo.tenantry.test', password = 'tenantry-demo'] =
  process.argv.slice(2);
if (!url) {
  console.error('usage: node check.mjs URL [EMAIL PASSWORD]');
  process.exit(2);
}
// Where `npm create vite` serves a React app in development.
const PAGE_ORIGIN = 'http://localhost:5173';
const RUN = Date.now().toString(36);
const EVENT_WAIT_MS = 20_000;

const LOGIN = gql`
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      token
      viewer { role organization { name } }
      userErrors { field code message }
    }
  }
`;
// Named after the run: a text this server has never seen (as a new frontend build's are), so
// its hash is unknown and the APQ miss-and-resend path runs, however often the server ran.
const VIEWER = gql(`
  query Viewer_${RUN} {
    viewer { user { email } organization { id name kind } role }
  }
`);
const ORGANIZATIONS = gql`
  query Organizations($first: Int!, $after: String) {
    organizations(first: $first, after: $after) {
      totalCount
      edges { cursor node { id name kind } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const CUSTOMERS = `
  query Customers($search: String!) {
    organizations(first: 10, filter: { kind: CUSTOMER, search: $search }) {
      totalCount
      edges { node { id name status } }
    }
  }
`;
const NODES = `
  query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organization { name } } }
`;
const CREATE_CUSTOMER = `
  mutation CreateCustomer($input: CreateOrganizationInput!) {
    createCustomer(input: $input) {
      organization { id name status }
      userErrors { field code message }
    }
  }
`;
const SUSPEND = `
  mutation Suspend($ids: [ID!]!) {
    suspendOrganizations(input: { ids: $ids, reason: "Client library check" }) {
      results { organization { id status } userErrors { code message } }
    }
  }
`;
const REACTIVATE = `
  mutation Reactivate($ids: [ID!]!) {
    reactivateOrganizations(input: { ids: $ids }) {
      results { organization { id status } userErrors { code message } }
    }
  }
`;
const EVENTS = `
  subscription { organizationEvents { kind organizationId organizationName } }
`;

const requests = [];
let token = null;
let customers = []; // created by the urql check, used by the later ones

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** The requests `client` sent while `action` ran, with what `action` returned. */
async function watching(client, action) {
  const start = requests.length;
  const result = await action();
  const sent = requests.slice(start).filter((r) => r.client === client && r.kind === 'request');
  return { result, sent };
}

function userErrorsOf(payload) {
  return [
    ...(payload.userErrors ?? []),
    ...(payload.results ?? []).flatMap((result) => result.userErrors),
  ];
}

// --- the clients, set up as their getting-started guides show ---------------------------

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const apollo = new ApolloClient({
  cache: new InMemoryCache(),
  link: new SetContextLink(({ headers }) => ({
    headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
  }))
    .concat(new PersistedQueryLink({ sha256, useGETForHashedQueries: true }))
    .concat(
      new HttpLink({
        uri: url,
        fetch: browserFetch({ origin: PAGE_ORIGIN, client: 'apollo', log: requests }),
      }),
    ),
});

const urql = new UrqlClient({
  url,
  exchanges: [cacheExchange, fetchExchange],
  fetch: browserFetch({ origin: PAGE_ORIGIN, client: 'urql', log: requests }),
  fetchOptions: () => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
});

async function urqlQuery(query, variables) {
  const result = await urql.query(query, variables, { requestPolicy: 'network-only' }).toPromise();
  if (result.error) throw result.error;
  return result.data;
}

async function urqlMutation(query, variables) {
  const result = await urql.mutation(query, variables).toPromise();
  if (result.error) throw result.error;
  const payload = Object.values(result.data)[0];
  const errors = userErrorsOf(payload);
  assert(errors.length === 0, `${Object.keys(result.data)[0]}: ${JSON.stringify(errors)}`);
  return payload;
}

// --- the checks ------------------------------------------------------------------------

async function apolloLogin() {
  const { result, sent } = await watching('apollo', () =>
    apollo.mutate({ mutation: LOGIN, variables: { email, password } }),
  );
  const login = result.data.login;
  assert(login.userErrors.length === 0, `login refused: ${JSON.stringify(login.userErrors)}`);
  assert(login.token, 'login answered no token');
  assert(sent.every((r) => r.method === 'POST'), 'a mutation went out other than by POST');
  token = login.token;
  return { role: login.viewer.role, requests: sent.map((r) => `${r.method} ${r.status}`) };
}

async function apolloPersistedViewer() {
  const miss = await watching('apollo', () =>
    apollo.query({ query: VIEWER, fetchPolicy: 'network-only' }),
  );
  const [first, retry, ...more] = miss.sent;
  assert(more.length === 0 && retry, `expected 2 requests, sent ${miss.sent.length}`);
  assert(first.method === 'GET' && first.sentHash && !first.sentQuery, 'first: not a hash by GET');
  assert(first.codes?.includes('PERSISTED_QUERY_NOT_FOUND'), `first answered ${first.codes}`);
  assert(retry.sentQuery && retry.sentHash && retry.status === 200, 'the retry did not succeed');
  assert(miss.result.data.viewer.user.email === email, 'the viewer is not who logged in');

  const hit = await watching('apollo', () =>
    apollo.query({ query: VIEWER, fetchPolicy: 'network-only' }),
  );
  assert(hit.sent.length === 1, `a known hash took ${hit.sent.length} requests`);
  assert(hit.sent[0].method === 'GET' && !hit.sent[0].sentQuery, 'the known hash was not a GET');
  assert(hit.sent[0].status === 200 && hit.sent[0].codes.length === 0, 'the known hash failed');
  return {
    firstTime: miss.sent.map((r) => `${r.method} ${r.status} ${r.codes.join(',') || 'ok'}`),
    secondTime: hit.sent.map((r) => `${r.method} ${r.status}`),
    viewer: miss.result.data.viewer.user.email,
  };
}

async function urqlQueriesAndMutation() {
  const viewer = await watching('urql', () => urqlQuery(VIEWER));
  assert(viewer.result.viewer.user.email === email, 'urql: the viewer is not who logged in');
  assert(viewer.sent.length === 1 && viewer.sent[0].method === 'GET', 'urql: the query was no GET');

  const created = await watching('urql', async () => {
    const made = [];
    for (const n of [1, 2, 3]) {
      const payload = await urqlMutation(CREATE_CUSTOMER, {
        input: {
          name: `Client check ${RUN} ${n}`,
          owner: {
            email: `owner-${RUN}-${n}@clients.example`,
            firstName: 'Casey',
            lastName: 'Client',
          },
        },
      });
      made.push(payload.organization);
    }
    return made;
  });
  assert(created.sent.every((r) => r.method === 'POST'), 'urql: a mutation was not a POST');

  const found = await watching('urql', () => urqlQuery(CUSTOMERS, { search: RUN }));
  assert(found.sent[0].method === 'GET', 'urql: a query with variables was no GET');
  const names = found.result.organizations.edges.map((edge) => edge.node.name).sort();
  assert(
    JSON.stringify(names) === JSON.stringify(created.result.map((c) => c.name).sort()),
    `urql: searched ${JSON.stringify(names)}`,
  );
  // Over urql's URL limit (2048 characters): the same client then sends the query by POST.
  const ids = Array.from({ length: 12 }, () => created.result.map((c) => c.id)).flat();
  const long = await watching('urql', () => urqlQuery(NODES, { ids }));
  assert(long.sent[0].method === 'POST', 'urql: a query too long for a URL was no POST');
  assert(long.result.nodes.length === ids.length, 'urql: nodes(ids) answered other nodes');
  customers = created.result;
  return {
    queries: [...viewer.sent, ...found.sent].map((r) => `${r.method} ${r.status}`),
    longQuery: long.sent.map((r) => `${r.method} ${r.status}`),
    mutations: created.sent.map((r) => `${r.method} ${r.status}`),
    created: names,
  };
}

async function apolloPagedList() {
  const seen = new Set();
  let after = null;
  let totalCount = null;
  let pages = 0;
  do {
    const { data } = await apollo.query({
      query: ORGANIZATIONS,
      variables: { first: 2, after },
      fetchPolicy: 'network-only',
    });
    const page = data.organizations;
    totalCount = page.totalCount;
    for (const edge of page.edges) {
      assert(!seen.has(edge.node.id), `${edge.node.name} came twice`);
      seen.add(edge.node.id);
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages += 1;
    assert(pages <= 100, 'more than 100 pages');
  } while (after);
  assert(seen.size === totalCount, `followed ${seen.size} of totalCount ${totalCount}`);
  assert(customers.every((c) => seen.has(c.id)), 'a created customer was not listed');
  assert(pages >= 2, 'one page only: the cursors were not followed');
  return { pages, organizations: seen.size, totalCount };
}

async function wsLifecycleEvents() {
  const [customer] = customers;
  assert(customer, 'no customer to suspend');
  let connected;
  const connection = new Promise((resolve) => (connected = resolve));
  // Node sends no Origin header on a WebSocket, as any non-browser client.
  const client = createWsClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: { connected },
  });
  const received = [];
  try {
    const subscription = client.iterate({ query: EVENTS });
    const wanted = ['SUSPENDED', 'REACTIVATED'];
    const listening = (async () => {
      for await (const result of subscription) {
        assert(!result.errors, `subscription errors: ${JSON.stringify(result.errors)}`);
        const event = result.data.organizationEvents;
        if (event.organizationId !== customer.id) continue;
        received.push(event.kind);
        if (wanted.every((kind) => received.includes(kind))) return;
      }
      throw new Error('the subscription completed before both events came');
    })();
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`events received: ${received}`)), EVENT_WAIT_MS).unref(),
    );
    await Promise.race([connection, timeout]);
    // The subscription hears of events from when the server starts it, a moment after
    // connection_ack; the protocol has no message saying it has started.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await urqlMutation(SUSPEND, { ids: [customer.id] });
    await urqlMutation(REACTIVATE, { ids: [customer.id] });
    await Promise.race([listening, timeout]);
    await subscription.return?.();
  } finally {
    await client.dispose();
  }
  return { organization: customer.name, received };
}

async function codedErrorsReachTheApp() {
  const invalid = 'query Invalid { viewer { noSuchField } }';
  const byApollo = await apollo.query({ query: gql(invalid), fetchPolicy: 'network-only' }).then(
    () => null,
    (error) => error.errors?.map((e) => e.extensions?.code),
  );
  assert(byApollo?.includes('BAD_REQUEST'), `apollo saw ${JSON.stringify(byApollo)}`);
  const byUrql = await urql.query(invalid, {}).toPromise();
  const urqlCodes = byUrql.error?.graphQLErrors.map((e) => e.extensions?.code);
  assert(urqlCodes?.includes('BAD_REQUEST'), `urql saw ${JSON.stringify(urqlCodes)}`);

  const refused = createWsClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: 'Bearer tnt_not-a-token' },
    retryAttempts: 0,
  });
  const closed = await new Promise((resolve) => {
    refused.subscribe({ query: EVENTS }, {
      next: () => resolve('a value'),
      error: (event) => resolve(`${event.code} ${event.reason}`),
      complete: () => resolve('complete'),
    });
  });
  await refused.dispose();
  assert(closed === '4403 Forbidden', `graphql-ws with a bad token saw ${closed}`);
  return { apollo: byApollo, urql: urqlCodes, graphqlWsBadToken: closed };
}

async function corsFromTheDevServer() {
  const preflight = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin: PAGE_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
  const h = (name) => preflight.headers.get(name);
  assert(preflight.status === 200, `preflight answered ${preflight.status}`);
  assert(h('access-control-allow-origin') === PAGE_ORIGIN, 'preflight: wrong allowed origin');
  assert(listed(h('access-control-allow-methods')).includes('post'), 'preflight: POST not allowed');
  const allowedHeaders = listed(h('access-control-allow-headers'));
  assert(
    ['authorization', 'content-type'].every((name) => allowedHeaders.includes(name)),
    `preflight allowed headers ${allowedHeaders}`,
  );
  assert(Number(h('access-control-max-age')) > 0, 'preflight answers are not cached');
  assert(h('access-control-allow-credentials') === null, 'credentials must not be allowed');

  const query = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
    headers: { origin: PAGE_ORIGIN, accept: 'application/graphql-response+json' },
  });
  assert(query.status === 200, `GET answered ${query.status}`);
  assert(query.headers.get('access-control-allow-origin') === PAGE_ORIGIN, 'GET: wrong origin');
  assert(listed(query.headers.get('vary')).includes('origin'), 'GET: no Vary: Origin');

  const foreign = await fetch(url, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  assert(foreign.status === 403, `a foreign origin's preflight answered ${foreign.status}`);
  assert(!foreign.headers.has('access-control-allow-origin'), 'a foreign origin was allowed');

  const needed = new Set(
    requests
      .filter((r) => r.kind === 'preflight')
      .map((r) => `${r.client} ${r.method}: ${r.preflightHeaders}`),
  );
  // Each kind of request the clients sent, for a real browser to repeat (tests/).
  const shapes = new Map(
    requests
      .filter((r) => r.kind === 'request')
      .map(({ method, headers }) => [JSON.stringify([method, headers]), { method, headers }]),
  );
  return {
    preflight: `${preflight.status}, max-age ${h('access-control-max-age')}`,
    foreignOrigin: foreign.status,
    preflightsTheClientsNeeded: [...needed].sort(),
    requestsTheClientsSent: [...shapes.values()],
  };
}

// --- run them in order: each later one needs the token or the customers ------------------

const checks = [
  ['apollo: login mutation over POST', apolloLogin],
  ['apollo: viewer by persisted query over GET (miss, resend, hit)', apolloPersistedViewer],
  ['urql: queries by GET, mutations by POST (its defaults)', urqlQueriesAndMutation],
  ['apollo: organizations paged by cursors', apolloPagedList],
  ['graphql-ws: organizationEvents hears a suspend and a reactivate', wsLifecycleEvents],
  ['errors: coded errors reach the app through each client', codedErrorsReachTheApp],
  ['cors: a page on the Vite dev server origin', corsFromTheDevServer],
];
const summary = { ok: true, url, origin: PAGE_ORIGIN, checks: [] };
for (const [name, check] of checks) {
  try {
    summary.checks.push({ name, ok: true, detail: await check() });
  } catch (error) {
    summary.ok = false;
    summary.checks.push({ name, ok: false, error: String(error?.stack ?? error) });
    if (!token) break; // nothing after the login can run without it
  }
}
summary.requests = requests.length;
console.log(JSON.stringify(summary, null, 2));
process.exit(summary.ok ? 0 : 1);
