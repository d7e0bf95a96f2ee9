/**
 * Bundles the server (server/main.ts) with esbuild into server/dist/main.mjs, which `npm start` runs with plain
 * node. Running the TypeScript through tsx instead costs a second JavaScript thread (Node 20 runs module hooks off
 * the main thread): about 30 MiB more resident memory and a slower start (BENCHMARKS.md, "Load held"). Packages
 * stay in node_modules (better-sqlite3 is native); only our own code is bundled.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const serverEntry = join(repoRoot, 'server/main.ts');
export const defaultServerOutFile = join(repoRoot, 'server/dist/main.mjs');

/**
 * Our modules find files beside them with `new URL('./migrations/', import.meta.url)`. Bundled, every module's
 * `import.meta.url` would be the bundle's; this rewrites it to the module's own file, relative to the bundle, so
 * migrations, the CSV worker and the project root are found as they are from the sources (and the bundle works
 * wherever the checkout is).
 */
function keepModuleUrls(outFile: string): Plugin {
  return {
    name: 'keep-module-urls',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const fromBundle = relative(dirname(outFile), args.path).split('\\').join('/');
        const ownUrl = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', ownUrl), loader: 'ts' };
      });
    },
  };
}

/**
 * JSON a module imports from a package (`with { type: 'json' }`: the client's country codes, labels.ts, which the
 * preview image uses) is bundled in: left external, esbuild drops the import attribute and Node refuses to load
 * JSON without it.
 */
const bundlePackageJson: Plugin = {
  name: 'bundle-package-json',
  setup(builder) {
    builder.onResolve({ filter: /^[^./].*\.json$/ }, (args) => ({
      path: createRequire(args.importer).resolve(args.path),
    }));
  },
};

/** The import's CSV worker (server/import/csv-worker.ts), bundled beside the server as `csv-worker.mjs`. */
export const csvWorkerEntry = join(repoRoot, 'server/import/csv-worker.ts');
export const csvWorkerFileName = 'csv-worker.mjs';

/**
 * Builds `entry` into `outFile` (the bench builds its own server entry; tests build into a scratch directory), and
 * the CSV worker beside it: the bundle tells the importer where its worker is (normalize-in-worker.ts
 * `bundledWorkerGlobal`), so a bundled server starts a bundled worker and nothing needs tsx at run time.
 */
export async function buildServer(entry: string = serverEntry, outFile: string = defaultServerOutFile): Promise<void> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [bundlePackageJson, keepModuleUrls(outFile)],
  };
  const workerUrl = `new URL(${JSON.stringify(`./${csvWorkerFileName}`)}, import.meta.url).href`;
  await Promise.all([
    build({
      ...common,
      entryPoints: [entry],
      outfile: outFile,
      banner: { js: `globalThis.tradeflowCsvWorkerUrl = ${workerUrl};` },
    }),
    build({ ...common, entryPoints: [csvWorkerEntry], outfile: join(dirname(outFile), csvWorkerFileName) }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildServer();
  console.log(`server built in ${pathToFileURL(defaultServerOutFile).pathname}`);
}
