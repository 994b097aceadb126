// fetch as a browser page on another origin runs it: Node's fetch applies no CORS at all, so
// without this a client that works here could still be refused in a browser. Each request
// gets the page's Origin; one that is not "simple" (a header outside the CORS safelist,
// which `Authorization` and `Content-Type: application/json` both are) is preceded by the
// preflight a browser would send, and fails as a browser fails it (TypeError, "Failed to
// fetch") when the server's answer does not allow it. Every request is recorded.

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);
const SAFELISTED_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);
// The Fetch standard's "CORS-unsafe request-header bytes".
const UNSAFE_BYTE = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;

/** Whether a header may be sent cross-origin without a preflight (Fetch standard). */
function safelisted(name, value) {
  if (value.length > 128) return false;
  switch (name) {
    case 'accept':
      return !UNSAFE_BYTE.test(value);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type': {
      const essence = value.split(';')[0].trim().toLowerCase();
      return !UNSAFE_BYTE.test(value) && SAFELISTED_CONTENT_TYPES.has(essence);
    }
    default:
      return false;
  }
}

/** The items of a comma-separated header, lower-cased. */
export function listed(header) {
  return (header ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

/** Whether an answer lets the page read it (the Fetch standard's CORS check). */
function allows(response, origin, withCredentials) {
  const allowOrigin = response.headers.get('access-control-allow-origin');
  if (withCredentials) {
    const credentials = response.headers.get('access-control-allow-credentials');
    return allowOrigin === origin && credentials === 'true';
  }
  return allowOrigin === origin || allowOrigin === '*';
}

function refuse(reason) {
  return new TypeError(`Failed to fetch (as a browser would: ${reason})`);
}

/** The GraphQL error codes of an answer's body, or null when it is no GraphQL result. */
async function errorCodes(response) {
  try {
    const body = await response.clone().json();
    return (body.errors ?? []).map((error) => error.extensions?.code ?? null);
  } catch {
    return null;
  }
}

/** What a GraphQL request carried: its operation, and a query text and/or an APQ hash. */
function sent(url, method, body) {
  let params = {};
  if (method === 'GET') {
    const extensions = url.searchParams.get('extensions');
    params = {
      operationName: url.searchParams.get('operationName'),
      query: url.searchParams.get('query'),
      extensions: extensions ? JSON.parse(extensions) : null,
    };
  } else if (typeof body === 'string') {
    params = JSON.parse(body);
  }
  return {
    operationName: params.operationName ?? null,
    sentQuery: typeof params.query === 'string',
    sentHash: Boolean(params.extensions?.persistedQuery?.sha256Hash),
  };
}

/**
 * A fetch for `client` (a label) on a page at `origin`; every request, preflights included,
 * is appended to `log` as {client, kind, method, url, status, ...}: a request also names its
 * headers (the token left out), its operation, whether it sent a query text and/or a hash,
 * and its answer's error codes.
 */
export function browserFetch({ origin, client, log }) {
  return async function fetchFromPage(input, init = {}) {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const unsafe = [...headers]
      .filter(([name, value]) => !safelisted(name, value))
      .map(([name]) => name)
      .sort();
    const crossOrigin = url.origin !== origin;
    // Cookies go cross-origin only with `credentials: 'include'`, which the server must allow.
    const withCredentials = init.credentials === 'include';

    if (crossOrigin && (unsafe.length > 0 || !SIMPLE_METHODS.has(method))) {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          ...(unsafe.length ? { 'access-control-request-headers': unsafe.join(',') } : {}),
        },
      });
      log.push({
        client,
        kind: 'preflight',
        method,
        url: url.href,
        status: preflight.status,
        preflightHeaders: unsafe,
      });
      if (!preflight.ok) throw refuse(`preflight answered ${preflight.status}`);
      if (!allows(preflight, origin, withCredentials)) throw refuse(`preflight refused ${origin}`);
      const methods = listed(preflight.headers.get('access-control-allow-methods'));
      if (!SIMPLE_METHODS.has(method) && !methods.includes(method.toLowerCase())) {
        throw refuse(`preflight did not allow ${method}`);
      }
      const allowed = listed(preflight.headers.get('access-control-allow-headers'));
      const missing = unsafe.filter((name) => !allowed.includes(name));
      if (missing.length) throw refuse(`preflight did not allow headers ${missing.join(', ')}`);
    }

    if (crossOrigin) headers.set('origin', origin);
    const response = await fetch(url, { ...init, method, headers });
    log.push({
      client,
      kind: 'request',
      method,
      url: url.href,
      headers: Object.fromEntries(
        [...headers].filter(([name]) => name !== 'origin').map(([name, value]) => [
          name,
          name === 'authorization' ? 'Bearer …' : value,
        ]),
      ),
      ...sent(url, method, init.body),
      status: response.status,
      codes: await errorCodes(response),
    });
    if (crossOrigin && !allows(response, origin, withCredentials)) {
      throw refuse(`the answer does not allow ${origin}`);
    }
    return response;
  };
}
