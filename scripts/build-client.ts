/** npm run build: bundles client/src/main.ts with esbuild into client/dist, with index.html beside it. */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../client/', import.meta.url));
mkdirSync(root + 'dist', { recursive: true });
await build({
  entryPoints: [root + 'src/main.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  outfile: root + 'dist/main.js',
  logLevel: 'warning',
});
copyFileSync(root + 'index.html', root + 'dist/index.html');
console.log('client built in client/dist');
