/**
 * Load held: a Tradeflow server (child process, the million-row database) under `connections` connections for
 * `seconds` seconds, each connection cycling through a mix of every endpoint the dashboard calls, with the server's
 * resident memory sampled every second. Zero errors allowed; memory must stay under a stated bound and not grow.
 */
import type { BenchDb } from './bench-db.ts';
import { integer, loadNow, met, mib } from './bench-util.ts';
import { startServer } from './child-server.ts';
import { distinctTwelveMonths, runAutocannon, type RequestPath } from './http-bench.ts';

/**
 * What the dashboard asks for, every endpoint once per cycle (answers range from 50 bytes to 40 KB). The fixed URLs
 * are answered from the response cache after their first request; the two series with a new URL every request are
 * never in it (computed from the stored rows) and keep filling it, so its bound (16 MiB, least recently used out,
 * lru-cache) is under test too.
 */
export const mixedPaths: RequestPath[] = [
  '/api/series?commodity=refined-oil&reporter=CHN&from=2015-01&to=2019-12',
  '/api/series.csv?commodity=corn&reporter=CHN,RUS&from=2017-01&to=2019-12',
  '/api/headline?commodity=corn&month=2019-11',
  '/api/cap?year=2021',
  '/api/shipments?from=2024-01-01&to=2024-12-31',
  '/api/events',
  '/api/commodities',
  '/api/datasets',
  '/api/health',
  distinctTwelveMonths('/api/series'),
  distinctTwelveMonths('/api/series.csv'),
];

function describePath(path: RequestPath): string {
  return typeof path === 'string'
    ? `\`${path}\``
    : `a 12-month series under a new URL every request, e.g. \`${path()}\` (never in the response cache; computed from the stored rows)`;
}

/**
 * The stated bound on the server's resident memory under this load. What it holds: Node running the built server
 * (about 80 MiB idle on the million-row database; 110 MiB when it ran through tsx), SQLite's page cache (8 MiB), the
 * response cache (16 MiB of bodies at most) and the responses in flight (100 at most, each well under 1 MiB); 256
 * MiB leaves room for the garbage collector's slack, and is far below the machine.
 */
export const rssBoundBytes = 256 * 2 ** 20;

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

export async function benchLoad(db: BenchDb, seconds = 60, connections = 100): Promise<string> {
  const server = await startServer('tradeflow-server.ts', [db.path]);
  try {
    for (const path of mixedPaths) {
      const url = typeof path === 'string' ? path : path();
      const response = await fetch(server.origin + url);
      if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
    const idle = server.rss();
    const samples: number[] = [];
    const sampler = setInterval(() => {
      const rss = server.rss();
      if (rss !== undefined) samples.push(rss);
    }, 1000);
    const loadBefore = loadNow();
    let result;
    try {
      result = await runAutocannon(server.origin, mixedPaths, connections, seconds);
    } finally {
      clearInterval(sampler);
    }
    const health = await fetch(`${server.origin}/api/health`);
    const alive = health.status === 200;
    const serverErrors = server.stderr().trim();

    const memory = await server.memory();

    const first = mean(samples.slice(0, 10));
    const last = mean(samples.slice(-10));
    const max = Math.max(...samples);
    const growth = last - first;
    // Memory rises while the response cache fills (up to its 16 MiB bound) and must then stay flat: "no growth" is
    // judged on the second half of the run, its first ten seconds against its last ten, within 10% (or 16 MiB). A
    // leak of even a few hundred bytes per request would add tens of MiB over this many requests.
    const half = Math.floor(samples.length / 2);
    const steadyFirst = mean(samples.slice(half, half + 10));
    const steadyGrowth = last - steadyFirst;
    const grew = steadyGrowth > Math.max(16 * 2 ** 20, steadyFirst * 0.1);
    const signed = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${(bytes / 2 ** 20).toFixed(1)} MiB`;
    process.stderr.write(`  ${integer(result.requestsPerSecond)} req/s, ${result.detail}, max RSS ${mib(max)}\n`);
    return [
      `autocannon, ${connections} connections for ${seconds} s against one Tradeflow server (child process, 127.0.0.1, the ${db.flowRows.toLocaleString('en')}-row database); each connection cycles through:`,
      '',
      ...mixedPaths.map((p) => `- ${describePath(p)}`),
      '',
      '| what | result | target |',
      '|---|---|---|',
      `| requests answered (2xx) | ${integer(result.answered)} (${integer(result.requestsPerSecond)}/s) | — |`,
      `| latency p50 / p99 | ${result.p50} ms / ${result.p99} ms | — |`,
      `| errors + timeouts + non-2xx | ${result.failures} (${result.detail}) | 0: ${met(result.failures === 0)} |`,
      `| server RSS: idle before / max under load | ${idle === undefined ? 'not measured' : mib(idle)} / ${samples.length > 0 ? mib(max) : 'not measured'} (${samples.length} samples, one a second) | max < ${mib(rssBoundBytes)}: ${met(samples.length > 0 && max < rssBoundBytes)} |`,
      `| server RSS: mean of the first 10 s / last 10 s | ${mib(first)} / ${mib(last)} (${signed(growth)}; the response cache fills) | — |`,
      `| server RSS once the cache is full: mean of ${half}–${half + 10} s / last 10 s | ${mib(steadyFirst)} / ${mib(last)} (${signed(steadyGrowth)}) | no growth (≤ max(16 MiB, 10%)): ${met(samples.length >= 40 && !grew)} |`,
      `| server answers /api/health afterwards | ${alive ? 'yes' : `no (${health.status})`} | yes: ${met(alive)} |`,
      `| server memory after the run (process.memoryUsage) | ${memory ? `heap used ${mib(memory.heapUsed)} of ${mib(memory.heapTotal)}; Buffers ${mib(memory.arrayBuffers)}; other external ${mib(memory.external - memory.arrayBuffers)}; RSS ${mib(memory.rss)}` : 'not measured'} | — |`,
      `| server RSS every 5 s | ${samples
        .filter((_, i) => i % 5 === 4)
        .map((b) => (b / 2 ** 20).toFixed(0))
        .join(', ')} MiB | — |`,
      `| load average before / after | ${loadBefore} / ${loadNow()} | — |`,
      '',
      serverErrors
        ? `The server logged errors:\n\n\`\`\`\n${serverErrors.slice(0, 2000)}\n\`\`\``
        : 'The server logged no errors.',
    ].join('\n');
  } finally {
    await server.stop();
  }
}
