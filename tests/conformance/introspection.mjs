// Standard introspection and browser access, checked with graphql-js itself: the query GraphiQL, codegen and
// graphql-inspector send (getIntrospectionQuery with every option), the client schema built from its answer
// compared with schema/schema.graphql, the introspection depth bound, CORS as a browser page meets it, and the
// GraphQL IDE page with its bundled script.
//
//   GRAPHQL_URL=http://127.0.0.1:5080/graphql node introspection.mjs
//   node introspection.mjs --print-query      # the query text (tests/HeadlessSales.Api.Tests/Platform/Fixtures)
//
// Environment:
//   GRAPHQL_URL        HTTP endpoint (default http://127.0.0.1:5080/graphql)
//   SCHEMA_FILE        the contract (default ../../schema/schema.graphql)
//   ALLOWED_ORIGIN     an origin the server allows (default the demo portal's, http://localhost:5173)
//
// Every check is a named test; the last line is "N passed, N failed"; exit 1 on any failure.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, version,
} from 'graphql';

const OPTIONS = {
  descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true,
  inputValueDeprecation: true, oneOf: true,
};
const QUERY = getIntrospectionQuery(OPTIONS);

if (process.argv.includes('--print-query')) {
  console.log(`# The standard introspection query of graphql-js ${version}: getIntrospectionQuery() with every option on.`);
  console.log(QUERY);
  process.exit(0);
}

const URL_ = process.env.GRAPHQL_URL ?? 'http://127.0.0.1:5080/graphql';
const SCHEMA_FILE = process.env.SCHEMA_FILE ?? fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
const ALLOWED_ORIGIN = process.env.ALLOWED_ORIGIN ?? 'http://localhost:5173';
const FOREIGN_ORIGIN = 'https://foreign.example';

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok    ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL  ${name}\n      ${String(error?.message ?? error).split('\n').join('\n      ')}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function post(query) {
  const response = await fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.json() };
}

/** The first lines where two printed schemas part, with a little context. */
function firstDifference(expected, actual) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const from = Math.max(0, (at < 0 ? Math.min(a.length, b.length) : at) - 3);
  return `schema.graphql:\n${a.slice(from, from + 8).join('\n')}\nintrospection:\n${b.slice(from, from + 8).join('\n')}`;
}

console.log(`graphql-js ${version}, ${URL_}`);
let clientSchema;

await check('the standard introspection query with every option succeeds without a token', async () => {
  const { status, body } = await post(QUERY);
  assert(status === 200 && !body.errors, `${status} ${JSON.stringify(body.errors ?? body).slice(0, 600)}`);
  clientSchema = buildClientSchema(body.data);
});

await check('the client schema built from it is schema/schema.graphql', async () => {
  assert(clientSchema, 'no client schema (the previous check failed)');
  const contract = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  const expected = printSchema(lexicographicSortSchema(contract));
  const actual = printSchema(lexicographicSortSchema(clientSchema));
  assert(expected === actual, firstDifference(expected, actual));
  // printSchema leaves out the specified directives (@skip, @deprecated…): graphql-js's buildSchema adds its own
  // version of them, which differs from GraphQL.NET's (@specifiedBy and @oneOf are not declared there).
  assert(clientSchema.description === contract.description, `schema description ${clientSchema.description} vs ${contract.description}`);
});

await check('an introspection chain of 100 ofType levels is refused with a GraphQL error', async () => {
  const chain = `{ __type(name: "Query") ${'{ ofType '.repeat(100)}{ name }${'}'.repeat(100)} }`;
  const { status, body } = await post(chain);
  assert(status === 400 && !('data' in body) && body.errors?.[0]?.extensions?.code, `${status} ${JSON.stringify(body).slice(0, 400)}`);
  assert(body.errors[0].extensions.code !== 'INTERNAL_SERVER_ERROR', JSON.stringify(body.errors[0]));
});

await check(`CORS preflight from ${ALLOWED_ORIGIN} (a registered client's origin) is allowed`, async () => {
  const response = await fetch(URL_, {
    method: 'OPTIONS',
    headers: {
      origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, graphql-require-preflight',
    },
  });
  assert(response.headers.get('access-control-allow-origin') === ALLOWED_ORIGIN, `allow-origin: ${response.headers.get('access-control-allow-origin')}`);
  assert(/graphql-require-preflight/i.test(response.headers.get('access-control-allow-headers') ?? ''), 'graphql-require-preflight not allowed');
  assert(!response.headers.has('access-control-allow-credentials'), 'credentials allowed');
});

await check('CORS preflight and request from a foreign origin get no CORS headers', async () => {
  const preflight = await fetch(URL_, {
    method: 'OPTIONS',
    headers: { origin: FOREIGN_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  const request = await fetch(URL_, {
    method: 'POST',
    headers: { origin: FOREIGN_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  assert(!preflight.headers.has('access-control-allow-origin'), 'preflight answered with allow-origin');
  assert(!request.headers.has('access-control-allow-origin'), 'request answered with allow-origin');
});

await check('a browser opening /graphql gets the IDE page, and its script from this server', async () => {
  const page = await fetch(URL_, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  const html = await page.text();
  assert(page.status === 200 && page.headers.get('content-type')?.startsWith('text/html'), `${page.status} ${page.headers.get('content-type')}`);
  const script = html.match(/<script[^>]+src="([^"]+)"/)?.[1];
  assert(script?.startsWith('/graphql/ide/'), `script ${script}`);
  const asset = await fetch(new URL(script, URL_));
  assert(asset.status === 200 && /javascript/.test(asset.headers.get('content-type') ?? ''), `${script}: ${asset.status} ${asset.headers.get('content-type')}`);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
