// A stand-in server built from the reference implementations (graphql-http's handler and
// graphql-ws's server) with the same operations as HeadlessSales' accounts. It exists only to
// check the checks: audit.mjs and ws.mjs must pass against it (`npm run selfcheck`).
import http from 'node:http';
import { buildSchema } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

const schema = buildSchema(`
  type Account { id: ID! name: String! }
  type AccountConnection { nodes: [Account!]! }
  interface UserError { code: String! message: String! }
  type NotFoundError implements UserError { code: String! message: String! }
  input UpdateAccountInput { id: ID! name: String }
  input ArchiveAccountInput { id: ID! }
  type AccountPayload { account: Account errors: [UserError!]! }
  enum AccountChangeKind { UPDATED ARCHIVED }
  type AccountChanged { kind: AccountChangeKind! accountId: ID! account: Account }
  type Query { accounts(first: Int): AccountConnection! }
  type Mutation {
    updateAccount(input: UpdateAccountInput!): AccountPayload!
    archiveAccount(input: ArchiveAccountInput!): AccountPayload!
  }
  type Subscription { onAccountChanged(id: ID!): AccountChanged }
`);
schema.getType('UserError').resolveType = (v) => v.__typename;

const accounts = Array.from({ length: 20 }, (_, i) => ({ id: `Account:${i}`, name: `Account ${i}`, archived: false }));
const listeners = new Set();
const publish = (event) => {
  for (const listener of listeners) listener(event);
};
const notFound = { account: null, errors: [{ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'no such account' }] };

/** An async iterator whose return() ends it at once, even while it waits. */
function accountEvents(id) {
  const queue = [];
  let wake = null;
  let ended = false;
  const rouse = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const listener = (event) => {
    if (event.accountId !== id) return;
    queue.push(event);
    rouse();
  };
  listeners.add(listener);
  const finish = async () => {
    ended = true;
    listeners.delete(listener);
    rouse();
    return { done: true, value: undefined };
  };
  let last = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      for (;;) {
        if (ended || last) return finish();
        if (queue.length) {
          const event = queue.shift();
          last = event.kind === 'ARCHIVED'; // the server ends the stream after this one
          return { done: false, value: { onAccountChanged: event } };
        }
        await new Promise((r) => (wake = r));
      }
    },
    return: finish,
    throw: finish,
  };
}

const root = {
  accounts: ({ first }) => ({ nodes: accounts.filter((a) => !a.archived).slice(0, first) }),
  updateAccount: ({ input }) => {
    const account = accounts.find((a) => a.id === input.id && !a.archived);
    if (!account) return notFound;
    if (input.name) account.name = input.name;
    publish({ kind: 'UPDATED', accountId: account.id, account: { ...account } });
    return { account, errors: [] };
  },
  archiveAccount: ({ input }) => {
    const account = accounts.find((a) => a.id === input.id && !a.archived);
    if (!account) return notFound;
    account.archived = true;
    publish({ kind: 'ARCHIVED', accountId: account.id, account: { ...account } });
    return { account, errors: [] };
  },
  onAccountChanged: ({ id }) => {
    if (!accounts.some((a) => a.id === id)) throw new Error('unknown account id');
    return accountEvents(id);
  },
};

const handler = createHandler({ schema, rootValue: root });
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/graphql')) return handler(req, res);
  res.writeHead(req.url === '/healthz' ? 200 : 404);
  res.end();
});
const initTimeout = Number(process.env.GRAPHQL_WS_INIT_TIMEOUT_MS ?? 2000);
useServer(
  { schema, roots: { query: root, mutation: root, subscription: root }, connectionInitWaitTimeout: initTimeout },
  new WebSocketServer({ server, path: '/graphql' }),
);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
