/**
 * Client benchmark: the size of the built dashboard (raw and gzipped), and the time from navigation to the first
 * chart drawn in headless Chromium, each run in a fresh browser profile (nothing cached), against a Tradeflow server
 * in a child process on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildClient } from '../build-client.ts';
import type { BenchDb } from './bench-db.ts';
import { loadNow } from './bench-util.ts';
import { startServer } from './child-server.ts';
import { summarize } from './measure.ts';
import { chromiumArgs, chromiumPath } from '../chromium.ts';

interface PageRun {
  firstChartMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  requests: number;
  /** Bytes of every response body the page received (after any content encoding). */
  transferBytes: number;
  /** How "drawn" was recognised: the dashboard's own hook or a non-blank canvas. */
  method: 'hook' | 'canvas';
  load: string;
}

interface FirstChart {
  at: number;
  method: 'hook' | 'canvas';
}

/**
 * Polled in the page on every animation frame until it returns a value. "Drawn": the series chart holds at least
 * one figure (`window.tradeflow.charts()`, set by client/src/main.ts; the chart has no animation, so its data is
 * painted in the same frame). Without that hook: the first canvas with a non-transparent pixel.
 */
function firstChartDrawn(): FirstChart | false {
  const hook = (
    window as unknown as {
      tradeflow?: { charts: () => { series: { datasets: { data: (number | null)[] }[] } | null } };
    }
  ).tradeflow;
  if (hook) {
    const series = hook.charts().series;
    const drawn = series?.datasets.some((dataset) => dataset.data.some((value) => value !== null)) ?? false;
    return drawn ? { at: performance.now(), method: 'hook' } : false;
  }
  for (const canvas of document.querySelectorAll('canvas')) {
    if (canvas.width === 0 || canvas.height === 0) continue;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (pixels?.some((value, index) => index % 4 === 3 && value !== 0))
      return { at: performance.now(), method: 'canvas' };
  }
  return false;
}

async function measurePage(url: string): Promise<PageRun> {
  const profile = mkdtempSync(join(tmpdir(), 'tradeflow-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url, { waitUntil: 'commit' });
    const drawn = await page.waitForFunction(firstChartDrawn, undefined, { polling: 'raf', timeout: 30_000 });
    const first = (await drawn.jsonValue()) as FirstChart;
    await page.waitForLoadState('load');
    const timing = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        domContentLoaded: navigation?.domContentLoadedEventEnd ?? NaN,
        load: navigation?.loadEventEnd ?? NaN,
        requests: resources.length + 1,
        transferBytes: resources.reduce((n, r) => n + r.encodedBodySize, navigation?.encodedBodySize ?? 0),
      };
    });
    if (errors.length > 0) throw new Error(`the dashboard raised errors: ${errors.join('; ')}`);
    return {
      firstChartMs: first.at,
      domContentLoadedMs: timing.domContentLoaded,
      loadMs: timing.load,
      requests: timing.requests,
      transferBytes: timing.transferBytes,
      method: first.method,
      load: loadNow(),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export async function benchClient(databases: { label: string; db: BenchDb }[], runs: number): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tradeflow-bench-client-'));
  const files = await buildClient(outDir);
  const lines = [
    'Built with `buildClient` (what `npm run build` runs, esbuild, minified), into a temporary directory so `client/dist` is left alone:',
    '',
    '| file | raw | gzip -9 |',
    '|---|---|---|',
    ...files.map((f) => `| \`${f.file}\` | ${kib(f.bytes)} | ${kib(f.gzipBytes)} |`),
    '',
  ];
  const js = files.find((f) => f.file === 'main.js');
  const css = files.find((f) => f.file === 'styles.css');
  if (js && css) lines.push(`JavaScript + CSS gzipped: **${kib(js.gzipBytes + css.gzipBytes)}**.`, '');

  lines.push(
    `Time from navigation to the first chart drawn, headless Chromium (\`${chromiumPath}\`, playwright-core), a fresh profile per run (the browser's cache cold), one first visit then ${runs} runs per database, the dashboard's default view (\`/\`). "Drawn": the series chart holds its first figure (\`window.tradeflow.charts()\`; the chart is not animated, so it is painted in that frame), polled every animation frame. The server sends the files uncompressed (no compression middleware), so the transfer is the raw size.`,
    '',
    '| database | first visit after the server starts (nothing cached) | later visits: first chart drawn | DOMContentLoaded | load event | requests | bytes received | load avg per run |',
    '|---|---|---|---|---|---|---|---|',
  );
  try {
    for (const { label, db } of databases) {
      const server = await startServer('tradeflow-server.ts', [db.path, outDir]);
      try {
        // The first visit finds the server cold (JIT, SQLite's pages, the response cache empty); later visits get
        // the API's answers from the response cache, as every visitor after the first does.
        const firstVisit = await measurePage(`${server.origin}/`);
        const results: PageRun[] = [];
        for (let run = 0; run < runs; run += 1) {
          const result = await measurePage(`${server.origin}/`);
          results.push(result);
          process.stderr.write(
            `  ${label} run ${run + 1}: first chart at ${result.firstChartMs.toFixed(0)} ms (${result.method})\n`,
          );
        }
        const stat = (values: number[]): string => {
          const s = summarize(values);
          return `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
        };
        const methods = [...new Set(results.map((r) => r.method))].join(', ');
        lines.push(
          `| ${label} | ${firstVisit.firstChartMs.toFixed(0)} ms | **${stat(results.map((r) => r.firstChartMs))}**${methods === 'hook' ? '' : ` (by ${methods})`} | ${stat(results.map((r) => r.domContentLoadedMs))} | ${stat(results.map((r) => r.loadMs))} | ${results[0]?.requests ?? 0} | ${kib(results[0]?.transferBytes ?? 0)} | ${results.map((r) => r.load).join(', ')} |`,
        );
        const errors = server.stderr().trim();
        if (errors) lines.push('', `The server logged errors: \`${errors.slice(0, 500)}\``);
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return lines.join('\n');
}
