// GraphQL-over-HTTP conformance: runs the graphql-http audit suite against a running server.
//
//   GRAPHQL_URL=http://127.0.0.1:5080/graphql node audit.mjs
//
// Every audit counts as one test: `ok` and `notice` pass, `warn` and `error` fail.
// Prints one line per audit, the reason of every audit that is not `ok`, a summary
// "audits: N ok, N notice, N warn, N error", and a machine-readable line
// "AUDIT_RESULT passed=N failed=N ok=N notice=N warn=N error=N" for .ci/run.
// Exits 1 when any audit ends in `warn` or `error` (or the suite could not run).
import { serverAudits } from 'graphql-http';

const url = process.env.GRAPHQL_URL ?? 'http://127.0.0.1:5080/graphql';
const requestTimeoutMs = Number(process.env.AUDIT_REQUEST_TIMEOUT_MS ?? 15000);

// A hanging request must fail its audit, not the whole run.
const fetchFn = (input, init = {}) =>
  fetch(input, { ...init, signal: init.signal ?? AbortSignal.timeout(requestTimeoutMs) });

function oneLine(text, max = 600) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

async function describeResponse(res) {
  if (!res || typeof res.status !== 'number') return '';
  let body = '';
  try {
    body = await res.clone().text();
  } catch {
    // body already consumed or unreadable: the reason usually carries it anyway
  }
  const type = res.headers?.get?.('content-type') ?? '(none)';
  return `HTTP ${res.status}, content-type ${type}${body ? `, body ${oneLine(body, 300)}` : ''}`;
}

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const problems = [];

console.log(`graphql-http audits against ${url}`);
const audits = serverAudits({ url, fetchFn });

// Sequential: the output is deterministic and the server is not flooded.
for (const audit of audits) {
  let result;
  try {
    result = await audit.fn();
  } catch (err) {
    // The audit functions throw only on fatal errors (e.g. the server is unreachable).
    result = { id: audit.id, name: audit.name, status: 'error', reason: `fatal: ${err?.cause?.message ?? err?.message ?? err}` };
  }
  const status = result.status in counts ? result.status : 'error';
  counts[status] += 1;
  console.log(`${status.padEnd(6)} ${result.id} ${result.name}`);
  if (status !== 'ok') {
    const detail = await describeResponse(result.response);
    console.log(`       reason: ${oneLine(result.reason)}`);
    if (detail) console.log(`       response: ${detail}`);
    problems.push({ status, id: result.id, name: result.name, reason: oneLine(result.reason) });
  }
}

const passed = counts.ok + counts.notice;
const failed = counts.warn + counts.error;
console.log('');
for (const p of problems.filter((p) => p.status === 'warn' || p.status === 'error')) {
  console.log(`FAILED ${p.status} ${p.id} ${p.name}: ${p.reason}`);
}
console.log(`audits: ${counts.ok} ok, ${counts.notice} notice, ${counts.warn} warn, ${counts.error} error`);
console.log(
  `AUDIT_RESULT passed=${passed} failed=${failed} ok=${counts.ok} notice=${counts.notice} warn=${counts.warn} error=${counts.error}`,
);
process.exitCode = failed > 0 || audits.length === 0 ? 1 : 0;
