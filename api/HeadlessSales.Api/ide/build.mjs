// Bundles the IDE into dist/ (served at /graphql/ide/): one script, one stylesheet, the page. Run by the
// BuildGraphQLIde target of HeadlessSales.Api.csproj when dist/ is missing or older than its sources.
import { build } from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';

const dist = new URL('./dist/', import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: { ide: 'src/main.jsx' },
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  outdir: 'dist',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file' },
  legalComments: 'linked',
  logLevel: 'warning',
});
await copyFile('src/index.html', new URL('index.html', dist));
// What MSBuild compares with the sources to decide whether to build again.
await writeFile(new URL('.built', dist), new Date().toISOString() + '\n');
