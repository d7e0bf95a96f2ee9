/**
 * HTTP under load: autocannon against `GET /api/series` and `/api/series.csv` on a Tradeflow server in a child
 * process (the million-row database), against Express alone sending the same bytes (the framework's floor), and
 * against a bare node:http server sending the same bytes (the ceiling). Tradeflow keeps successful answers in a
 * response cache (server/http/response-cache.ts), so it is measured twice: the same URL every time (answered from
 * memory after the first request) and a different URL every request (computed every time).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchDb } from './bench-db.ts';
import { integer, loadNow, met } from './bench-util.ts';
import { startServer, type ChildServer } from './child-server.ts';
import { summarize, type Stats } from './measure.ts';

export interface LoadRun {
  /** Requests answered with a 2xx. */
  answered: number;
  requestsPerSecond: number;
  /** Latency in milliseconds. */
  mean: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers, added up: must be 0. */
  failures: number;
  detail: string;
  load: string;
}

/** A fixed path, or a function giving the path of each request. */
export type RequestPath = string | (() => string);

/** One autocannon run; only ever against 127.0.0.1 (the servers the bench started). */
export async function runAutocannon(
  origin: string,
  paths: RequestPath[],
  connections: number,
  seconds: number,
): Promise<LoadRun> {
  if (!origin.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load anything but 127.0.0.1: ${origin}`);
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    // Each connection walks the list in order, over and over.
    requests: paths.map((path) =>
      typeof path === 'string'
        ? { method: 'GET' as const, path }
        : { method: 'GET' as const, setupRequest: (request) => ({ ...request, path: path() }) },
    ),
    timeout: 10,
  });
  const ok = result['2xx'];
  return {
    answered: ok,
    requestsPerSecond: ok / result.duration,
    mean: result.latency.mean,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
    detail: `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
    load: loadNow(),
  };
}

/**
 * `text` with the case of its letters set by the bits of `n`. Commodity keys and country codes are case-insensitive,
 * and the response cache's key is the URL, so `cOrN` asks for exactly what `corn` asks for without being a repeat.
 */
export function caseVariant(text: string, n: number): string {
  let bit = 0;
  return [...text]
    .map((c) => {
      if (!/[a-z]/i.test(c)) return c;
      const upper = ((n >>> bit) & 1) === 1;
      bit += 1;
      return upper ? c.toUpperCase() : c.toLowerCase();
    })
    .join('');
}

const reporters = ['CHN', 'RUS', 'IND', 'THA', 'VNM', 'BRA', 'DEU', 'USA', 'JPN', 'KOR'];

function month(index: number): string {
  return `${1970 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Distinct 12-month corn series: every window from 1970 to 2019, every reporter of the generated data, then letter
 * case (589 × 10 × 128 distinct URLs before one repeats). Every request is computed.
 */
export function distinctTwelveMonths(route: '/api/series' | '/api/series.csv'): () => string {
  let n = 0;
  return () => {
    const window = n % 589;
    const rest = Math.floor(n / 589);
    const reporter = reporters[rest % reporters.length] ?? 'CHN';
    const variant = Math.floor(rest / reporters.length);
    n += 1;
    return `${route}?commodity=${caseVariant('corn', variant)}&reporter=${caseVariant(reporter, variant >>> 4)}&from=${month(window)}&to=${month(window + 11)}`;
  };
}

/** The dashboard's first view, made distinct by letter case (65,536 URLs before one repeats). */
function distinctFirstView(): () => string {
  let n = 0;
  return () => {
    const variant = n;
    n += 1;
    return `/api/series?commodity=${caseVariant('refined-oil', variant)}&reporter=${caseVariant('chn', variant >>> 10)}&partner=${caseVariant('prk', variant >>> 13)}`;
  };
}

interface Target {
  name: string;
  /** `tradeflow-computed`: the same server with the response cache off (--no-response-cache), so every answer is computed. */
  server: 'tradeflow' | 'tradeflow-computed' | 'express' | 'bare';
  path: RequestPath;
  /** The body this target sends (the key of the file the floor and ceiling servers send). */
  body: string;
}

export const seriesQuery = 'commodity=corn&reporter=CHN&from=2019-01&to=2019-12';
export const firstViewQuery = 'commodity=refined-oil&reporter=CHN';

const bodies = [
  {
    key: 'json12',
    path: `/api/series?${seriesQuery}`,
    distinct: distinctTwelveMonths('/api/series'),
    distinctLabel: 'each request another window, reporter or letter case',
    extension: 'json',
    label: '12 months',
  },
  {
    key: 'csv12',
    path: `/api/series.csv?${seriesQuery}`,
    distinct: distinctTwelveMonths('/api/series.csv'),
    distinctLabel: 'each request another window, reporter or letter case',
    extension: 'csv',
    label: '12 months',
  },
  {
    key: 'jsonView',
    path: `/api/series?${firstViewQuery}`,
    distinct: distinctFirstView(),
    distinctLabel: 'each request another letter case',
    extension: 'json',
    label: "the dashboard's first view, 600 months",
  },
] as const;

const targets: Target[] = bodies.flatMap((body) => [
  {
    name: `Tradeflow \`${body.path}\` (${body.label}), the same URL every time: from the response cache`,
    server: 'tradeflow' as const,
    path: body.path,
    body: body.key,
  },
  {
    name: `Tradeflow, the same query with a different URL every request (${body.distinctLabel}): not in the response cache: computed every time`,
    server: 'tradeflow' as const,
    path: body.distinct,
    body: body.key,
  },
  {
    name: `Tradeflow with the response cache off, a different URL every request: computed every time`,
    server: 'tradeflow-computed' as const,
    path: body.distinct,
    body: body.key,
  },
  {
    name: 'Express 5 + helmet, same bytes from memory (framework floor)',
    server: 'express' as const,
    path: `/${body.key}`,
    body: body.key,
  },
  {
    name: 'bare node:http, same bytes (ceiling)',
    server: 'bare' as const,
    path: `/${body.key}`,
    body: body.key,
  },
]);

async function fetchBody(origin: string, path: string): Promise<Buffer> {
  const response = await fetch(origin + path);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

function isTradeflow(target: Target): boolean {
  return target.server === 'tradeflow' || target.server === 'tradeflow-computed';
}

function row(target: Target, runs: LoadRun[], ceilingRps: number | undefined): string {
  const rps: Stats = summarize(runs.map((r) => r.requestsPerSecond));
  const p50 = summarize(runs.map((r) => r.p50));
  const p99 = summarize(runs.map((r) => r.p99));
  const failures = runs.reduce((n, r) => n + r.failures, 0);
  const share = ceilingRps === undefined || target.server === 'bare' ? undefined : rps.median / ceilingRps;
  const shareText =
    share === undefined ? '—' : `${(share * 100).toFixed(1)}%${isTradeflow(target) ? ` (${met(share >= 0.75)})` : ''}`;
  const p99Target = isTradeflow(target) ? ` (${met(p99.max < 25)})` : '';
  return `| ${target.name} | ${integer(rps.median)} (${integer(rps.min)}–${integer(rps.max)}) | ${p50.median.toFixed(0)} ms | ${p99.median.toFixed(0)} ms (max ${p99.max.toFixed(0)})${p99Target} | ${failures}${failures > 0 ? ` **(${runs.map((r) => r.detail).join('; ')})**` : ''} | ${shareText} | ${runs.map((r) => r.load).join(', ')} |`;
}

export async function benchHttp(
  db: BenchDb,
  workDir: string,
  runs: number,
  seconds = 10,
  connections = 50,
): Promise<string> {
  const started: ChildServer[] = [];
  try {
    const tradeflow = await startServer('tradeflow-server.ts', [db.path]);
    started.push(tradeflow);
    const files: string[] = [];
    for (const body of bodies) {
      const file = join(workDir, `http-body-${body.key}.${body.extension}`);
      const bytes = await fetchBody(tradeflow.origin, body.path);
      // Distinct URLs must be answered (fetchBody throws otherwise); the first view's must be the very same bytes.
      const sample = body.distinct();
      const sampleBytes = await fetchBody(tradeflow.origin, sample);
      if (body.key === 'jsonView' && !sampleBytes.equals(bytes)) {
        throw new Error(`${sample} does not answer what ${body.path} answers`);
      }
      writeFileSync(file, bytes);
      files.push(`/${body.key}=${file}`);
    }
    const express = await startServer('express-server.ts', files);
    started.push(express);
    const bare = await startServer('bare-server.ts', files);
    started.push(bare);
    const computed = await startServer('tradeflow-server.ts', ['--no-response-cache', db.path]);
    started.push(computed);
    const servers = { tradeflow, 'tradeflow-computed': computed, express, bare };
    // Warm-up: the JIT, SQLite's page cache and the OS's file cache, before anything is counted.
    for (const target of targets) await runAutocannon(servers[target.server].origin, [target.path], connections, 2);

    const results = new Map<Target, LoadRun[]>(targets.map((t) => [t, []]));
    for (let run = 0; run < runs; run += 1) {
      for (const target of targets) {
        const result = await runAutocannon(servers[target.server].origin, [target.path], connections, seconds);
        results.get(target)?.push(result);
        const shown = typeof target.path === 'string' ? target.path : `${target.body} (distinct URLs)`;
        process.stderr.write(
          `  ${target.server} ${shown} run ${run + 1}: ${integer(result.requestsPerSecond)} req/s, p99 ${result.p99} ms, ${result.detail}\n`,
        );
      }
    }
    const ceiling = (body: string): number | undefined => {
      const target = targets.find((t) => t.server === 'bare' && t.body === body);
      return target ? summarize((results.get(target) ?? []).map((r) => r.requestsPerSecond)).median : undefined;
    };
    const control = await controlSlowHandler(computed, files, runs, seconds, connections);
    started.push(...control.servers);
    const serverErrors = (tradeflow.stderr() + computed.stderr()).trim();
    return [
      `autocannon, ${connections} connections × ${seconds} s per run, ${runs} runs per target, targets interleaved, after a 2 s warm-up of each. Every server is a child process on 127.0.0.1 (\`scripts/bench/servers/\`): Tradeflow is \`createApp\` on a read-only connection to the ${db.flowRows.toLocaleString('en')}-row database, as \`npm start\` serves it; the framework floor is Express 5 with helmet and ETags, as \`server/app.ts\` sets them up, sending the same bytes from memory (no validation, no query); the ceiling is a bare \`node:http\` server sending the same bytes with a Content-Type and nothing else.`,
      '',
      "Tradeflow remembers successful answers until the data changes (`server/http/response-cache.ts`, keyed by the URL, replayed before Express routes the request), the one cache (issue 10: nothing below the HTTP layer keeps results), so it is measured three ways: the same URL every time, answered from the response cache after the first request (a shared link, the dashboard's first view); the same query under a different URL every request (commodity keys and country codes are case-insensitive), which the response cache does not have, so each is computed from the stored rows; and the same different URLs against a second Tradeflow server with the response cache off (`--no-response-cache`): what a new query costs with no cache at all.",
      '',
      '| target | requests/s median (min–max) | p50 latency | p99 latency median (max of the runs; target < 25 ms in every run) | errors + timeouts + non-2xx | share of the ceiling (target ≥ 75%) | load avg per run |',
      '|---|---|---|---|---|---|---|',
      ...targets.map((t) => row(t, results.get(t) ?? [], ceiling(t.body))),
      '',
      control.text,
      '',
      serverErrors
        ? `The Tradeflow server logged errors:\n\n\`\`\`\n${serverErrors.slice(0, 2000)}\n\`\`\``
        : 'The Tradeflow server logged no errors.',
    ].join('\n');
  } finally {
    for (const server of started) await server.stop();
  }
}

/**
 * A control for the long tail of slow requests at saturation: the bare server, sending the first view's bytes after
 * spinning for as long as Tradeflow takes to compute that answer alone (its mean latency at one connection, every
 * request a new URL). If the control shows the same p99 as Tradeflow, the tail comes from queueing slow requests on
 * one event loop, not from anything else Tradeflow does.
 */
async function controlSlowHandler(
  tradeflow: ChildServer,
  files: string[],
  runs: number,
  seconds: number,
  connections: number,
): Promise<{ text: string; servers: ChildServer[] }> {
  const firstView = bodies.find((b) => b.key === 'jsonView');
  const file = files.find((f) => f.startsWith('/jsonView='));
  if (!firstView || !file) return { text: '', servers: [] };
  const alone = await runAutocannon(tradeflow.origin, [firstView.distinct], 1, 3);
  const busyMs = alone.mean;
  const busy = await startServer('bare-server.ts', [`--busy-ms=${busyMs.toFixed(2)}`, file]);
  const tradeflowRuns: LoadRun[] = [];
  const busyRuns: LoadRun[] = [];
  for (let run = 0; run < runs; run += 1) {
    tradeflowRuns.push(await runAutocannon(tradeflow.origin, [firstView.distinct], connections, seconds));
    busyRuns.push(await runAutocannon(busy.origin, ['/jsonView'], connections, seconds));
    process.stderr.write(
      `  control run ${run + 1}: Tradeflow p99 ${tradeflowRuns.at(-1)?.p99} ms, busy bare p99 ${busyRuns.at(-1)?.p99} ms\n`,
    );
  }
  const describe = (runsOf: LoadRun[]): string => {
    const p = (pick: (r: LoadRun) => number): number => summarize(runsOf.map(pick)).median;
    return `${integer(p((r) => r.requestsPerSecond))} | ${p((r) => r.p50).toFixed(0)} ms | ${runsOf.map((r) => r.p99.toFixed(0)).join(', ')} ms | ${runsOf.reduce((n, r) => n + r.failures, 0)}`;
  };
  return {
    servers: [busy],
    text: [
      `A control for the long p99 of a computed first view. Alone (one connection) Tradeflow computes it in ${busyMs.toFixed(1)} ms on average, so ${connections} connections queue on one event loop. The control is the bare \`node:http\` server spinning ${busyMs.toFixed(1)} ms per request before sending the same bytes, measured the same way (${runs} runs each, interleaved). Where its tail is as long as Tradeflow's, the tail is the queueing itself, not something else Tradeflow does; the p99 of both varies widely from run to run, so every run's is shown:`,
      '',
      '| server | requests/s (median) | p50 (median) | p99 of each run | errors + timeouts + non-2xx |',
      '|---|---|---|---|---|',
      `| Tradeflow (response cache off), the first view under a new URL every request | ${describe(tradeflowRuns)} |`,
      `| bare \`node:http\`, ${busyMs.toFixed(1)} ms of CPU per request | ${describe(busyRuns)} |`,
    ].join('\n'),
  };
}
