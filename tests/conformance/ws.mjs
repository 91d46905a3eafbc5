// graphql-transport-ws conformance: drives the server's subscriptions with the graphql-ws
// reference client, and raw `ws` sockets for the protocol violations and their close codes.
//
//   GRAPHQL_URL=http://127.0.0.1:5080/graphql node ws.mjs
//
// Environment:
//   GRAPHQL_URL                    HTTP endpoint (mutations that trigger events go there)
//   GRAPHQL_WS_URL                 WebSocket endpoint (default: GRAPHQL_URL with ws:// / wss://)
//   GRAPHQL_WS_INIT_TIMEOUT_MS     the server's connection_init timeout (default 2000, as CI
//                                  starts the server with GraphQL__WebSocket__ConnectionInitTimeout=00:00:02)
//   GRAPHQL_AUTHORIZATION          optional Authorization header value for HTTP requests,
//                                  also sent as { authorization } in the connection_init payload
//   WS_CHECKS                      optional comma-separated substrings: run only matching checks
//
// Every check is a named test; the last line is "N passed, N failed"; exit 1 on any failure.
import { randomBytes } from 'node:crypto';
import nodeHttp from 'node:http';
import nodeHttps from 'node:https';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const HTTP_URL = process.env.GRAPHQL_URL ?? 'http://127.0.0.1:5080/graphql';
const WS_URL = process.env.GRAPHQL_WS_URL ?? HTTP_URL.replace(/^http(s?):/, 'ws$1:');
const INIT_TIMEOUT_MS = Number(process.env.GRAPHQL_WS_INIT_TIMEOUT_MS ?? 2000);
const AUTHORIZATION = process.env.GRAPHQL_AUTHORIZATION;
const ONLY = (process.env.WS_CHECKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const PROTOCOL = 'graphql-transport-ws';
const CONNECTION_PARAMS = AUTHORIZATION ? { authorization: AUTHORIZATION } : {};

// How long we wait for something that must happen, and how long we watch for something
// that must not happen.
const MUST_WITHIN_MS = 5000;
const QUIET_MS = 1200;

// ---- operations (adapt here if the schema's names change) ---------------------------------

const Q_ACCOUNTS = '{ accounts(first: 2) { nodes { id name } } }';
const Q_TYPENAME = 'query Typename { __typename }';
const S_ACCOUNT_CHANGED =
  'subscription OnAccountChanged($id: ID!) { onAccountChanged(id: $id) { kind accountId account { id name } } }';
const M_UPDATE_ACCOUNT =
  'mutation UpdateAccount($input: UpdateAccountInput!) { updateAccount(input: $input) { account { id name } errors { __typename ... on UserError { code message } } } }';
const M_ARCHIVE_ACCOUNT =
  'mutation ArchiveAccount($input: ArchiveAccountInput!) { archiveAccount(input: $input) { account { id name } errors { __typename ... on UserError { code message } } } }';
const Q_INVALID = '{ thisFieldDoesNotExist }';

// ---- small helpers -------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class CheckFailure extends Error {}
function fail(message) {
  throw new CheckFailure(message);
}
function assert(cond, message) {
  if (!cond) fail(message);
}
const show = (v) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s && s.length > 400 ? `${s.slice(0, 400)}…` : s;
};

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailure(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function http(query, variables) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (AUTHORIZATION) headers.authorization = AUTHORIZATION;
  const res = await fetch(HTTP_URL, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15000),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    fail(`HTTP ${res.status}: response is not JSON: ${show(text)}`);
  }
  if (body.errors?.length) fail(`HTTP ${res.status}: GraphQL errors: ${show(body.errors)}`);
  if (!res.ok) fail(`HTTP ${res.status}: ${show(body)}`);
  return body.data;
}

let accountsCache;
async function accounts() {
  if (!accountsCache) {
    const data = await http(Q_ACCOUNTS);
    const nodes = data?.accounts?.nodes ?? [];
    assert(nodes.length >= 2, `expected at least 2 accounts from ${Q_ACCOUNTS}, got ${show(data)}`);
    accountsCache = nodes;
  }
  return accountsCache;
}

let renameCounter = 0;
async function renameAccount(account) {
  renameCounter += 1;
  const name = `${account.name} (ws check ${process.pid}-${renameCounter})`;
  const data = await http(M_UPDATE_ACCOUNT, { input: { id: account.id, name } });
  const payload = data?.updateAccount;
  assert(payload, `updateAccount returned no payload: ${show(data)}`);
  assert(!payload.errors?.length, `updateAccount returned errors: ${show(payload.errors)}`);
  return name;
}
async function restoreAccount(account) {
  await http(M_UPDATE_ACCOUNT, { input: { id: account.id, name: account.name } }).catch(() => {});
}

// ---- a raw graphql-transport-ws socket --------------------------------------------------------

class RawSocket {
  /** Opens a socket; `protocols` null → no Sec-WebSocket-Protocol header at all. */
  static open(protocols = [PROTOCOL], { autoPong = true } = {}) {
    return new Promise((resolve, reject) => {
      const ws = protocols === null ? new WebSocket(WS_URL) : new WebSocket(WS_URL, protocols);
      const sock = new RawSocket(ws, autoPong);
      ws.once('open', () => resolve(sock));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          reject(new CheckFailure(`WebSocket upgrade refused: HTTP ${res.statusCode} ${show(body)}`)),
        );
        res.on('error', () => reject(new CheckFailure(`WebSocket upgrade refused: HTTP ${res.statusCode}`)));
      });
      ws.once('error', (err) => reject(new CheckFailure(`WebSocket handshake failed: ${err.message}`)));
    });
  }

  constructor(ws, autoPong) {
    this.ws = ws;
    this.autoPong = autoPong;
    this.queue = [];
    this.waiters = [];
    this.log = [];
    this.closeInfo = undefined;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        this.log.push(`<close ${code} ${reason}>`);
        resolve(this.closeInfo);
        for (const w of this.waiters.splice(0)) w();
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      const text = data.toString();
      this.log.push(text);
      let msg;
      try {
        msg = JSON.parse(text);
      } catch {
        msg = { type: '<non-json>', raw: text, isBinary };
      }
      if (this.autoPong && msg.type === 'ping') {
        this.send({ type: 'pong' });
        return;
      }
      this.queue.push(msg);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(msg) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Next message matching `pred` (others are kept); fails if the socket closes or time runs out. */
  async next(pred = () => true, ms = MUST_WITHIN_MS, what = 'a message') {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.queue.findIndex(pred);
      if (i >= 0) return this.queue.splice(i, 1)[0];
      if (this.closeInfo) fail(`socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) while waiting for ${what}; received: ${show(this.log)}`);
      const left = deadline - Date.now();
      if (left <= 0) fail(`no ${what} within ${ms} ms; received: ${show(this.log)}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Asserts that no message matching `pred` arrives within `ms`. */
  async none(pred, ms = QUIET_MS, what = 'message') {
    await sleep(ms);
    const m = this.queue.find(pred);
    if (m) fail(`unexpected ${what}: ${show(m)}`);
  }

  async expectClose(code, ms = MUST_WITHIN_MS) {
    const info = await withTimeout(this.closed, ms, `close code ${code}; received: ${show(this.log)}`).catch((e) => {
      fail(e.message + `; received: ${show(this.log)}`);
    });
    assert(info.code === code, `expected close code ${code}, got ${info.code} "${info.reason}"; received: ${show(this.log)}`);
    return info;
  }

  async expectOpen(what = 'socket to stay open') {
    // A ping/pong round trip proves the connection is alive and that earlier frames were read.
    this.send({ type: 'ping' });
    await this.next((m) => m.type === 'pong', MUST_WITHIN_MS, `pong (checking ${what})`);
  }

  close() {
    try {
      if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    } catch {
      // ignore
    }
  }
}

async function initialized(payload = CONNECTION_PARAMS) {
  const sock = await RawSocket.open();
  sock.send({ type: 'connection_init', payload });
  const ack = await sock.next((m) => m.type !== 'pong', MUST_WITHIN_MS, 'connection_ack');
  if (ack.type !== 'connection_ack') {
    sock.close();
    fail(`expected connection_ack, got ${show(ack)}`);
  }
  return sock;
}

/** Subscribes on a raw socket and fires updates until one `next` for `id` arrives. */
async function subscribeAndProve(sock, id, account) {
  sock.send({ type: 'subscribe', id, payload: { query: S_ACCOUNT_CHANGED, variables: { id: account.id } } });
  // The protocol has no acknowledgement of `subscribe`: retry the trigger until an event shows
  // the subscription is live.
  for (let attempt = 1; ; attempt++) {
    const name = await renameAccount(account);
    try {
      const msg = await sock.next((m) => m.id === id, 1500, `next for ${id}`);
      assert(msg.type === 'next', `expected next for ${id}, got ${show(msg)}`);
      return { msg, name };
    } catch (e) {
      if (attempt >= 5 || sock.closeInfo) throw e;
    }
  }
}

/**
 * A WebSocket handshake by hand, for a subprotocol the server must refuse. WebSocket clients
 * (`ws`, browsers) fail the connection themselves when they asked for a subprotocol and the
 * server selected none, so they never see the server's close code; this reads the server's
 * close frame directly. Resolves to { status, protocol, code, reason }.
 */
function handshakeByHand(protocolHeader, ms = MUST_WITHIN_MS) {
  return new Promise((resolve, reject) => {
    const target = new URL(WS_URL.replace(/^ws(s?):/, 'http$1:'));
    const lib = target.protocol === 'https:' ? nodeHttps : nodeHttp;
    const headers = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    };
    if (protocolHeader !== null) headers['Sec-WebSocket-Protocol'] = protocolHeader;
    const req = lib.request(target, { headers });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new CheckFailure(`no close frame within ${ms} ms`));
    }, ms);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(new CheckFailure(`handshake failed: ${err.message}`));
    });
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve({ status: res.statusCode, protocol: res.headers['sec-websocket-protocol'], code: undefined });
    });
    req.on('upgrade', (res, socket, head) => {
      let buf = head;
      const done = (code, reason) => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: res.statusCode, protocol: res.headers['sec-websocket-protocol'], code, reason });
      };
      const parse = () => {
        for (;;) {
          if (buf.length < 2) return;
          const opcode = buf[0] & 0x0f;
          let len = buf[1] & 0x7f;
          let offset = 2;
          if (len === 126) {
            if (buf.length < 4) return;
            len = buf.readUInt16BE(2);
            offset = 4;
          } else if (len === 127) {
            if (buf.length < 10) return;
            len = Number(buf.readBigUInt64BE(2));
            offset = 10;
          }
          const masked = (buf[1] & 0x80) !== 0;
          if (masked) offset += 4;
          if (buf.length < offset + len) return;
          const payload = buf.subarray(offset, offset + len);
          buf = buf.subarray(offset + len);
          if (opcode === 0x8) {
            done(payload.length >= 2 ? payload.readUInt16BE(0) : 1005, payload.subarray(2).toString());
            return;
          }
        }
      };
      socket.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        parse();
      });
      socket.on('close', () => done(1006, 'connection dropped without a close frame'));
      socket.on('error', () => {});
      parse();
    });
    req.end();
  });
}

// ---- the graphql-ws reference client ------------------------------------------------------------

function referenceClient(extra = {}) {
  const events = { connected: 0, closed: [], errors: [] };
  const client = createClient({
    url: WS_URL,
    webSocketImpl: WebSocket,
    connectionParams: CONNECTION_PARAMS,
    lazy: true,
    retryAttempts: 0,
    shouldRetry: () => false,
    on: {
      connected: () => events.connected++,
      closed: (e) => events.closed.push({ code: e?.code, reason: e?.reason }),
      error: (e) => events.errors.push(String(e?.message ?? e)),
    },
    ...extra,
  });
  return { client, events };
}

/** Subscribes with the reference client and records what the sink sees, in order. */
function collect(client, payload) {
  const seen = [];
  let wake = () => {};
  const changed = () => {
    const w = wake;
    wake = () => {};
    w();
  };
  const unsubscribe = client.subscribe(payload, {
    next: (v) => {
      seen.push({ kind: 'next', value: v });
      changed();
    },
    error: (e) => {
      seen.push({ kind: 'error', value: Array.isArray(e) ? e : { code: e?.code, reason: e?.reason, message: e?.message } });
      changed();
    },
    complete: () => {
      seen.push({ kind: 'complete' });
      changed();
    },
  });
  const until = async (pred, ms = MUST_WITHIN_MS, what = 'an event') => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = seen.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) fail(`no ${what} within ${ms} ms; sink saw ${show(seen)}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  };
  return { seen, unsubscribe, until };
}

// ---- the checks ----------------------------------------------------------------------------------

const checks = [];
const check = (name, fn, timeoutMs = 20000) => checks.push({ name, fn, timeoutMs });
const cleanups = [];
const using = (closeable) => {
  cleanups.push(closeable);
  return closeable;
};

// Subprotocol negotiation
check('subprotocol missing → close 4406', async () => {
  const sock = using(await RawSocket.open(null));
  await sock.expectClose(4406);
});
for (const wrong of ['graphql-ws', 'no-such-protocol']) {
  check(`subprotocol wrong ("${wrong}") → close 4406`, async () => {
    const r = await handshakeByHand(wrong);
    assert(r.status === 101, `expected the upgrade (101) then close 4406, got HTTP ${r.status}`);
    assert(r.protocol === undefined || r.protocol === wrong,
      `server selected subprotocol "${r.protocol}", which the client did not offer`);
    assert(r.code === 4406, `expected close code 4406, got ${r.code} "${r.reason ?? ''}"`);
  });
}
check('subprotocol negotiated: server answers "graphql-transport-ws"', async () => {
  const sock = using(await RawSocket.open(['graphql-ws', PROTOCOL]));
  assert(sock.ws.protocol === PROTOCOL, `server selected "${sock.ws.protocol}"`);
});

// Connection initialisation
check('connection_init → connection_ack', async () => {
  using(await initialized());
});
check(`no connection_init within the init timeout (${INIT_TIMEOUT_MS} ms) → close 4408`, async () => {
  const sock = using(await RawSocket.open());
  const started = Date.now();
  await sock.expectClose(4408, INIT_TIMEOUT_MS + 8000);
  const elapsed = Date.now() - started;
  assert(elapsed >= INIT_TIMEOUT_MS - 500, `closed after ${elapsed} ms, before the ${INIT_TIMEOUT_MS} ms timeout`);
});
check('connection_init then nothing: the socket outlives the init timeout', async () => {
  const sock = using(await initialized());
  await sleep(INIT_TIMEOUT_MS + 500);
  await sock.expectOpen();
}, INIT_TIMEOUT_MS + 15000);
check('second connection_init → close 4429', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'connection_init', payload: CONNECTION_PARAMS });
  await sock.expectClose(4429);
});
check('subscribe before connection_ack → close 4401', async () => {
  const sock = using(await RawSocket.open());
  sock.send({ type: 'subscribe', id: 'early', payload: { query: Q_TYPENAME } });
  await sock.expectClose(4401);
});

// Invalid messages
check('invalid message: garbage text → close 4400', async () => {
  const sock = using(await initialized());
  sock.send('this is not { json');
  await sock.expectClose(4400);
});
check('invalid message: garbage text before connection_init → close 4400', async () => {
  const sock = using(await RawSocket.open());
  sock.send('garbage');
  await sock.expectClose(4400);
});
check('invalid message: unknown type → close 4400', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'no_such_message_type', id: 'x' });
  await sock.expectClose(4400);
});
check('invalid message: subscribe without id → close 4400', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'subscribe', payload: { query: Q_TYPENAME } });
  await sock.expectClose(4400);
});
check('invalid message: subscribe without payload.query → close 4400', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'subscribe', id: 'no-query', payload: {} });
  await sock.expectClose(4400);
});
check('invalid message: JSON that is not an object → close 4400', async () => {
  const sock = using(await initialized());
  sock.send('[1,2,3]');
  await sock.expectClose(4400);
});

// Ping / pong
check('ping → pong (before connection_init)', async () => {
  const sock = using(await RawSocket.open());
  sock.send({ type: 'ping' });
  await sock.next((m) => m.type === 'pong', MUST_WITHIN_MS, 'pong');
});
check('ping → pong (after connection_ack)', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'ping', payload: { check: 1 } });
  const pong = await sock.next((m) => m.type !== 'connection_ack', MUST_WITHIN_MS, 'pong');
  assert(pong.type === 'pong', `expected pong, got ${show(pong)}`);
});
check('unsolicited pong from the client is accepted', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'pong' });
  await sock.expectOpen();
});

// Operations over `subscribe`
check('query over subscribe (raw): next then complete', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'subscribe', id: 'q1', payload: { query: Q_ACCOUNTS } });
  const first = await sock.next((m) => m.id === 'q1', MUST_WITHIN_MS, 'next for q1');
  assert(first.type === 'next', `expected next, got ${show(first)}`);
  assert(first.payload?.data?.accounts?.nodes?.length >= 1, `next carries no accounts: ${show(first)}`);
  assert(!first.payload?.errors, `next carries errors: ${show(first.payload.errors)}`);
  const second = await sock.next((m) => m.id === 'q1', MUST_WITHIN_MS, 'complete for q1');
  assert(second.type === 'complete', `expected complete, got ${show(second)}`);
  await sock.expectOpen();
});
check('query over subscribe (graphql-ws client): next then complete', async () => {
  const { client, events } = referenceClient();
  using({ close: () => client.dispose() });
  const sub = collect(client, { query: Q_ACCOUNTS });
  await sub.until((e) => e.kind !== 'next', MUST_WITHIN_MS, 'complete');
  assert(events.connected === 1, `client connected ${events.connected} times`);
  const kinds = sub.seen.map((e) => e.kind).join(',');
  assert(kinds === 'next,complete', `sink saw ${kinds}: ${show(sub.seen)}`);
  assert(sub.seen[0].value?.data?.accounts?.nodes?.length >= 1, `no accounts in ${show(sub.seen[0].value)}`);
});
check('mutation over subscribe (raw): next then complete', async () => {
  const [account] = await accounts();
  const sock = using(await initialized());
  const name = `${account.name} (ws mutation ${process.pid})`;
  sock.send({ type: 'subscribe', id: 'm1', payload: { query: M_UPDATE_ACCOUNT, variables: { input: { id: account.id, name } } } });
  const first = await sock.next((m) => m.id === 'm1', MUST_WITHIN_MS, 'next for m1');
  assert(first.type === 'next', `expected next, got ${show(first)}`);
  const payload = first.payload?.data?.updateAccount;
  assert(payload?.account?.name === name, `mutation result: ${show(first.payload)}`);
  assert(!payload.errors?.length, `mutation returned errors: ${show(payload.errors)}`);
  const second = await sock.next((m) => m.id === 'm1', MUST_WITHIN_MS, 'complete for m1');
  assert(second.type === 'complete', `expected complete, got ${show(second)}`);
  await restoreAccount(account);
});
check('mutation over subscribe (graphql-ws client): next then complete', async () => {
  const [account] = await accounts();
  const { client } = referenceClient();
  using({ close: () => client.dispose() });
  const name = `${account.name} (ws client mutation ${process.pid})`;
  const sub = collect(client, { query: M_UPDATE_ACCOUNT, variables: { input: { id: account.id, name } } });
  await sub.until((e) => e.kind !== 'next', MUST_WITHIN_MS, 'complete');
  const kinds = sub.seen.map((e) => e.kind).join(',');
  assert(kinds === 'next,complete', `sink saw ${kinds}: ${show(sub.seen)}`);
  assert(sub.seen[0].value?.data?.updateAccount?.account?.name === name, `result: ${show(sub.seen[0].value)}`);
  await restoreAccount(account);
});

// Errors
check('validation error (raw): error with a GraphQL error list, no complete, socket stays open', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'subscribe', id: 'bad', payload: { query: Q_INVALID } });
  const msg = await sock.next((m) => m.id === 'bad', MUST_WITHIN_MS, 'error for bad');
  assert(msg.type === 'error', `expected error, got ${show(msg)}`);
  assert(Array.isArray(msg.payload) && msg.payload.length >= 1, `error payload must be a non-empty array of GraphQL errors: ${show(msg.payload)}`);
  assert(msg.payload.every((e) => typeof e?.message === 'string'), `every error needs a message: ${show(msg.payload)}`);
  await sock.none((m) => m.id === 'bad' && m.type === 'complete', QUIET_MS, 'complete after error');
  await sock.expectOpen();
});
check('validation error (graphql-ws client): error sink, no complete', async () => {
  const { client } = referenceClient();
  using({ close: () => client.dispose() });
  const sub = collect(client, { query: Q_INVALID });
  await sub.until((e) => e.kind === 'error', MUST_WITHIN_MS, 'error');
  await sleep(QUIET_MS);
  const kinds = sub.seen.map((e) => e.kind).join(',');
  assert(kinds === 'error', `sink saw ${kinds}: ${show(sub.seen)}`);
  assert(Array.isArray(sub.seen[0].value), `error is not a GraphQL error list (a close event?): ${show(sub.seen[0].value)}`);
});
check('variables of the wrong type: error (no complete), or next with errors then complete', async () => {
  // The protocol allows both: graphql-ws's own server answers `next` with the coercion errors.
  const sock = using(await initialized());
  sock.send({ type: 'subscribe', id: 'badvars', payload: { query: S_ACCOUNT_CHANGED, variables: { id: { not: 'an id' } } } });
  const msg = await sock.next((m) => m.id === 'badvars', MUST_WITHIN_MS, 'error for badvars');
  if (msg.type === 'error') {
    assert(Array.isArray(msg.payload) && msg.payload.length >= 1, `error payload must be a non-empty array: ${show(msg.payload)}`);
    await sock.none((m) => m.id === 'badvars' && m.type === 'complete', QUIET_MS, 'complete after error');
  } else {
    assert(msg.type === 'next' && msg.payload?.errors?.length >= 1 && msg.payload.data == null,
      `expected error, or next with errors and no data, got ${show(msg)}`);
    const end = await sock.next((m) => m.id === 'badvars', MUST_WITHIN_MS, 'complete after next-with-errors');
    assert(end.type === 'complete', `expected complete, got ${show(end)}`);
  }
  await sock.expectOpen();
});

// Subscriptions
check('duplicate operation id → close 4409', async () => {
  const [account] = await accounts();
  const sock = using(await initialized());
  const payload = { query: S_ACCOUNT_CHANGED, variables: { id: account.id } };
  sock.send({ type: 'subscribe', id: 'dup', payload });
  sock.send({ type: 'subscribe', id: 'dup', payload });
  await sock.expectClose(4409);
});
check('subscription (graphql-ws client): updateAccount delivers an UPDATED event', async () => {
  const [account] = await accounts();
  const { client } = referenceClient();
  using({ close: () => client.dispose() });
  const sub = collect(client, { query: S_ACCOUNT_CHANGED, variables: { id: account.id } });
  let name;
  for (let attempt = 1; ; attempt++) {
    name = await renameAccount(account);
    try {
      await sub.until((e) => e.kind !== 'next' || e.value?.data?.onAccountChanged?.account?.name === name, 1500, 'UPDATED event');
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
  const hit = sub.seen.find((e) => e.kind !== 'next' || e.value?.data?.onAccountChanged?.account?.name === name);
  assert(hit.kind === 'next', `sink saw ${show(sub.seen)}`);
  const ev = hit.value.data.onAccountChanged;
  assert(ev.kind === 'UPDATED', `kind is ${ev.kind}`);
  assert(ev.accountId === account.id, `accountId ${ev.accountId} ≠ ${account.id}`);
  sub.unsubscribe();
  await restoreAccount(account);
});
check('client complete stops the stream cleanly; the id can be reused', async () => {
  const [account] = await accounts();
  const sock = using(await initialized());
  const { msg } = await subscribeAndProve(sock, 'stream', account);
  assert(msg.payload?.data?.onAccountChanged?.kind === 'UPDATED', `first event: ${show(msg.payload)}`);
  // Drain anything already in flight, then stop the stream.
  await sleep(200);
  sock.queue = sock.queue.filter((m) => m.id !== 'stream');
  sock.send({ type: 'complete', id: 'stream' });
  await sock.expectOpen('socket after complete');
  await sleep(200);
  await renameAccount(account);
  await sock.none((m) => m.id === 'stream' && m.type !== 'complete', QUIET_MS, 'message on a completed stream');
  // The id is free again: subscribing with it must not be a duplicate (4409).
  sock.queue = [];
  const again = await subscribeAndProve(sock, 'stream', account);
  assert(again.msg.payload?.data?.onAccountChanged?.accountId === account.id, `event: ${show(again.msg)}`);
  sock.send({ type: 'complete', id: 'stream' });
  await sock.expectOpen('socket after the second complete');
  await restoreAccount(account);
});
check('client unsubscribe (graphql-ws client) stops the stream; the client stays connected', async () => {
  const [account] = await accounts();
  // A lazy client closes its socket when its last operation ends: keep it for a minute.
  const { client, events } = referenceClient({ lazyCloseTimeout: 60000 });
  using({ close: () => client.dispose() });
  const sub = collect(client, { query: S_ACCOUNT_CHANGED, variables: { id: account.id } });
  for (let attempt = 1; ; attempt++) {
    const name = await renameAccount(account);
    try {
      await sub.until((e) => e.kind !== 'next' || e.value?.data?.onAccountChanged?.account?.name === name, 1500, 'UPDATED event');
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
  sub.unsubscribe();
  await sleep(300);
  const before = sub.seen.length;
  await renameAccount(account);
  await sleep(QUIET_MS);
  assert(sub.seen.length === before, `events after unsubscribe: ${show(sub.seen.slice(before))}`);
  // The same connection still serves operations.
  const q = collect(client, { query: Q_TYPENAME });
  await q.until((e) => e.kind !== 'next', MUST_WITHIN_MS, 'complete of a follow-up query');
  assert(q.seen.map((e) => e.kind).join(',') === 'next,complete', `follow-up query: ${show(q.seen)}`);
  assert(events.connected === 1, `client connected ${events.connected} times (expected one connection)`);
  assert(events.closed.length === 0, `connection closed: ${show(events.closed)}`);
  await restoreAccount(account);
});
check('complete for an unknown id is ignored', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'complete', id: 'never-subscribed' });
  await sock.expectOpen();
});
check('two subscriptions on one socket: each event goes to its own id', async () => {
  const [first, second] = await accounts();
  const sock = using(await initialized());
  await subscribeAndProve(sock, 'one', first);
  await subscribeAndProve(sock, 'two', second);
  await sleep(200);
  sock.queue = [];
  const name = await renameAccount(second);
  const msg = await sock.next((m) => m.id === 'one' || m.id === 'two', MUST_WITHIN_MS, 'event for "two"');
  assert(msg.id === 'two' && msg.payload?.data?.onAccountChanged?.account?.name === name, `got ${show(msg)}`);
  await sock.none((m) => m.id === 'one', QUIET_MS / 2, 'event for "one" after a change of the other account');
  sock.send({ type: 'complete', id: 'one' });
  sock.send({ type: 'complete', id: 'two' });
  await sock.expectOpen();
  await restoreAccount(first);
  await restoreAccount(second);
});
check('server-ended stream (archiveAccount): ARCHIVED event, then complete', async () => {
  const [, account] = await accounts();
  const sock = using(await initialized());
  await subscribeAndProve(sock, 'archived', account);
  await sleep(200);
  sock.queue = sock.queue.filter((m) => m.id !== 'archived');
  const data = await http(M_ARCHIVE_ACCOUNT, { input: { id: account.id } });
  assert(data?.archiveAccount && !data.archiveAccount.errors?.length, `archiveAccount: ${show(data)}`);
  const ev = await sock.next((m) => m.id === 'archived', MUST_WITHIN_MS, 'ARCHIVED event');
  assert(ev.type === 'next' && ev.payload?.data?.onAccountChanged?.kind === 'ARCHIVED', `expected next with kind ARCHIVED, got ${show(ev)}`);
  const end = await sock.next((m) => m.id === 'archived', MUST_WITHIN_MS, 'complete from the server');
  assert(end.type === 'complete', `expected complete, got ${show(end)}`);
  await sock.expectOpen('socket after the server completed the stream');
});
check('server-ended stream (graphql-ws client): complete sink is called', async () => {
  // A third account: the one archived above is gone.
  const data0 = await http('{ accounts(first: 3) { nodes { id name } } }');
  const account = data0?.accounts?.nodes?.find((a) => !accountsCache?.some((b) => b.id === a.id)) ?? data0?.accounts?.nodes?.[2];
  assert(account, `no third account: ${show(data0)}`);
  const { client } = referenceClient();
  using({ close: () => client.dispose() });
  const sub = collect(client, { query: S_ACCOUNT_CHANGED, variables: { id: account.id } });
  for (let attempt = 1; ; attempt++) {
    const name = await renameAccount(account);
    try {
      await sub.until((e) => e.kind !== 'next' || e.value?.data?.onAccountChanged?.account?.name === name, 1500, 'UPDATED event');
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
  const data = await http(M_ARCHIVE_ACCOUNT, { input: { id: account.id } });
  assert(data?.archiveAccount && !data.archiveAccount.errors?.length, `archiveAccount: ${show(data)}`);
  await sub.until((e) => e.kind !== 'next', MUST_WITHIN_MS, 'complete');
  const last = sub.seen[sub.seen.length - 1];
  assert(last.kind === 'complete', `sink ended with ${show(last)}`);
  const kinds = sub.seen.filter((e) => e.kind === 'next').map((e) => e.value?.data?.onAccountChanged?.kind);
  assert(kinds.includes('ARCHIVED'), `no ARCHIVED event before complete: ${show(kinds)}`);
});
check('subscription to an unknown account id: error or immediate complete, never a hang', async () => {
  const sock = using(await initialized());
  sock.send({ type: 'subscribe', id: 'ghost', payload: { query: S_ACCOUNT_CHANGED, variables: { id: 'not-a-global-id' } } });
  const msg = await sock.next((m) => m.id === 'ghost', MUST_WITHIN_MS, 'error or complete for an invalid id');
  assert(msg.type === 'error' || msg.type === 'complete' || (msg.type === 'next' && msg.payload?.errors?.length),
    `expected error / complete / next with errors, got ${show(msg)}`);
  await sock.expectOpen();
});

// ---- runner ------------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
const failures = [];
console.log(`graphql-transport-ws checks against ${WS_URL} (HTTP ${HTTP_URL})`);
for (const c of checks) {
  if (ONLY.length && !ONLY.some((o) => c.name.includes(o))) continue;
  const started = Date.now();
  try {
    await withTimeout(Promise.resolve().then(c.fn), c.timeoutMs, `check "${c.name}"`);
    passed++;
    console.log(`ok   ${c.name} (${Date.now() - started} ms)`);
  } catch (err) {
    failed++;
    const message = err instanceof CheckFailure ? err.message : `${err?.name ?? 'Error'}: ${err?.message ?? err}${err?.cause ? ` (${err.cause.message ?? err.cause})` : ''}`;
    failures.push(c.name);
    console.log(`FAIL ${c.name} (${Date.now() - started} ms)\n     ${message}`);
  } finally {
    for (const x of cleanups.splice(0)) {
      try {
        await x.close();
      } catch {
        // ignore
      }
    }
  }
}
if (failures.length) {
  console.log('');
  console.log('failed checks:');
  for (const f of failures) console.log(`  - ${f}`);
}
console.log('');
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
// Some sockets (reference clients) may linger; do not wait for them.
setTimeout(() => process.exit(process.exitCode), 200).unref();
