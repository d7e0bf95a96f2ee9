/**
 * npm run build: bundles the dashboard (client/src/main.ts and client/src/styles.css) and the datasets and upload
 * pages (issue 14: client/src/datasets-page.ts, upload-page.ts, same stylesheet) with esbuild into client/dist,
 * with their HTML files beside them, and prints each file's size raw and gzipped: the JavaScript sent to the browser is
 * meant to stay small (Chart.js is registered piece by piece, see client/src/charts/register.ts).
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const clientRoot = fileURLToPath(new URL('../client/', import.meta.url));
export const defaultOutDir = join(clientRoot, 'dist');

const pages = ['index.html', 'datasets.html', 'upload.html'];

export interface BuiltFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Builds into `outDir` (tests build into a temporary directory so they never touch client/dist). */
export async function buildClient(outDir: string = defaultOutDir): Promise<BuiltFile[]> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: {
      main: join(clientRoot, 'src/main.ts'),
      datasets: join(clientRoot, 'src/datasets-page.ts'),
      upload: join(clientRoot, 'src/upload-page.ts'),
      styles: join(clientRoot, 'src/styles.css'),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    outdir: outDir,
    entryNames: '[name]',
    logLevel: 'warning',
    legalComments: 'none',
  });
  for (const page of pages) copyFileSync(join(clientRoot, page), join(outDir, page));
  return ['main.js', 'datasets.js', 'upload.js', 'styles.css', ...pages].map((file) => {
    const content = readFileSync(join(outDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await buildClient();
  console.log(`client built in ${defaultOutDir}`);
  for (const f of files)
    console.log(`  ${f.file.padEnd(13)} ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzipBytes).padStart(8)}`);
}
