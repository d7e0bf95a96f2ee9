/**
 * The cluster (issue 15): answers/s and p99 through nginx in front of 1 and 2 replicas serving a snapshot of the
 * read benchmarks' database, with nginx's cache and without it, and one replica asked directly for comparison.
 * On a 2-core machine shared with the load generator and nginx, the point is the ratios and nginx's cache hit rate,
 * not an absolute figure.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from '../build-server.ts';
import { startCluster, type Cluster } from '../cluster/start-cluster.ts';
import { createSnapshot } from '../../server/snapshot/create.ts';
import type { BenchDb } from './bench-db.ts';
import { integer } from './bench-util.ts';
import { distinctTwelveMonths, runAutocannon, type LoadRun, type RequestPath } from './http-bench.ts';
import { summarize } from './measure.ts';

interface Setup {
  name: string;
  replicas: number;
  /** undefined: no nginx, the first replica asked directly. */
  nginxCache: boolean | undefined;
}

const setups: Setup[] = [
  { name: '1 replica, no nginx', replicas: 1, nginxCache: undefined },
  { name: 'nginx + 1 replica, nginx cache on', replicas: 1, nginxCache: true },
  { name: 'nginx + 2 replicas, nginx cache on', replicas: 2, nginxCache: true },
  { name: 'nginx + 1 replica, nginx cache off', replicas: 1, nginxCache: false },
  { name: 'nginx + 2 replicas, nginx cache off', replicas: 2, nginxCache: false },
];

interface Workload {
  name: string;
  paths: () => RequestPath[];
}

const workloads: Workload[] = [
  {
    // A story's readers: the same hundred charts again and again (what shared caches are for).
    name: '100 popular URLs, repeated',
    paths: () => {
      const next = distinctTwelveMonths('/api/series');
      return Array.from({ length: 100 }, () => next());
    },
  },
  {
    // Nothing repeats: no cache helps, every answer is computed by a replica.
    name: 'every request a new URL',
    paths: () => [distinctTwelveMonths('/api/series')],
  },
];

interface Measured {
  run: LoadRun;
  /** nginx cache hits / requests nginx logged; undefined without nginx. */
  hitRate: number | undefined;
}

export async function benchCluster(
  db: BenchDb,
  workDir: string,
  runs: number,
  seconds = 10,
  connections = 50,
): Promise<string> {
  const dir = join(workDir, 'cluster');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bundle = join(dir, 'main.mjs');
  await buildServer(undefined, bundle);
  const snapshot = join(dir, 'bench.snapshot.db');
  const manifest = await createSnapshot(db.path, snapshot);
  const results = new Map<string, Measured[]>();
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const setup of setups) {
        for (const workload of workloads) {
          // A fresh cluster for each measurement: empty caches (nginx's and the replicas'), one access log.
          const cluster = await startCluster({
            replicas: setup.replicas,
            port: 0,
            snapshot,
            bundle,
            cache: setup.nginxCache ?? false,
          });
          try {
            const origin = setup.nginxCache === undefined ? cluster.replicas[0]!.origin : cluster.origin;
            // Warm-up (JIT, SQLite's page cache) on the CSV route, whose URLs the measured requests never use.
            await runAutocannon(origin, [distinctTwelveMonths('/api/series.csv')], connections, Math.min(2, seconds));
            const result = await runAutocannon(origin, workload.paths(), connections, seconds);
            const hitRate = setup.nginxCache === undefined ? undefined : await readHitRate(cluster);
            const key = `${setup.name}|${workload.name}`;
            results.set(key, [...(results.get(key) ?? []), { run: result, hitRate }]);
            process.stderr.write(
              `  ${setup.name}, ${workload.name}, run ${run + 1}: ${integer(result.requestsPerSecond)} answers/s, p99 ${result.p99} ms, ${result.detail}${hitRate === undefined ? '' : `, nginx hits ${(hitRate * 100).toFixed(0)}%`}\n`,
            );
          } finally {
            await cluster.stop();
          }
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const lines = [
    `A snapshot of the read benchmarks' database (${db.flowRows.toLocaleString('en')} flow rows, ${(manifest.bytes / 2 ** 20).toFixed(0)} MiB), ` +
      `served by replicas of the built server (TRADEFLOW_SNAPSHOT) behind nginx as \`npm run cluster\` starts it. autocannon, ` +
      `${connections} connections, ${seconds} s per run, ${runs} run(s); each measurement on a freshly started cluster ` +
      `(empty caches) after a warm-up on \`/api/series.csv\`. Requests are \`/api/series\` 12-month windows. "nginx hits": the share of requests nginx answered ` +
      `from its cache (its access log's $upstream_cache_status).`,
    '',
    '| Setup | Workload | Answers/s (median, min–max) | p99 | nginx hits | Failures | Load average |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const workload of workloads) {
    for (const setup of setups) {
      const measured = results.get(`${setup.name}|${workload.name}`) ?? [];
      const rps = summarize(measured.map((m) => m.run.requestsPerSecond));
      const p99 = summarize(measured.map((m) => m.run.p99));
      const hits = measured.map((m) => m.hitRate).filter((rate): rate is number => rate !== undefined);
      const failures = measured.reduce((sum, m) => sum + m.run.failures, 0);
      lines.push(
        `| ${setup.name} | ${workload.name} | ${integer(rps.median)} (${integer(rps.min)}–${integer(rps.max)}) | ${p99.median.toFixed(0)} ms | ${hits.length ? `${(summarize(hits).median * 100).toFixed(0)}%` : '—'} | ${failures} | ${measured.map((m) => m.run.load).join(', ')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** HITs over the measured requests in nginx's access log (flushed every second, so read after a pause). */
async function readHitRate(cluster: Cluster): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1200));
  // Only the measured requests (the warm-up's go to /api/series.csv).
  const lines = cluster
    .accessLog()
    .split('\n')
    .filter((line) => line.includes('"GET /api/series?'));
  const hits = lines.filter((line) => line.endsWith('cache=HIT')).length;
  return lines.length === 0 ? 0 : hits / lines.length;
}
