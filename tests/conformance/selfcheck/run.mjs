// Checks the checks: starts selfcheck/reference-server.mjs on a free port and runs audit.mjs
// and ws.mjs against it. Both must pass; exit 1 otherwise.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const server = spawn(process.execPath, [here('./reference-server.mjs')], {
  env: { ...process.env, PORT: '0', GRAPHQL_WS_INIT_TIMEOUT_MS: '2000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (\d+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`reference server exited ${code}`)));
});

const run = (script) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [here(`../${script}`)], {
      env: { ...process.env, GRAPHQL_URL: `http://127.0.0.1:${port}/graphql`, GRAPHQL_WS_INIT_TIMEOUT_MS: '2000' },
      stdio: 'inherit',
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });

let code = 0;
try {
  code = (await run('audit.mjs')) || code;
  code = (await run('ws.mjs')) || code;
} finally {
  server.kill();
}
console.log(code === 0 ? 'selfcheck: the checks pass against the reference implementations' : 'selfcheck: FAILED');
process.exit(code === 0 ? 0 : 1);
