/** The only reader (and, for SQLite's URI switch, the only writer) of process.env. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** SQLite file; created, migrated and filled from `dataDir` on first start. */
  dbPath: string;
  /** Bundled datasets: every `*.csv` here is imported at start-up unless already present (same SHA-256). */
  dataDir: string;
  /** Built client assets served at `/`. */
  clientDir: string;
  /** Set (TRADEFLOW_SNAPSHOT): serve this immutable snapshot read-only instead of `dbPath` (docs/deploy.md). */
  snapshot: SnapshotConfig | undefined;
}

export interface SnapshotConfig {
  /** The snapshot file as given; a symlink is followed again on every reload (SIGHUP), so flipping it rolls. */
  path: string;
  /**
   * `Cache-Control` of the API's data answers: a snapshot never changes under a replica, so shared caches (nginx,
   * a CDN) may keep them `max-age` seconds and serve them stale while they fetch a new copy for
   * `staleWhileRevalidate` more (TRADEFLOW_MAX_AGE, TRADEFLOW_STALE_WHILE_REVALIDATE).
   */
  cacheControl: string;
}

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export class ConfigError extends Error {}

/** Defaults: five minutes fresh (a new snapshot reaches readers within that), a day served stale while refreshed. */
export const defaultMaxAge = 300;
export const defaultStaleWhileRevalidate = 86_400;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new ConfigError(`PORT must be a port number (0-65535), not "${portText}"`);
  const snapshotPath = env.TRADEFLOW_SNAPSHOT;
  if (snapshotPath === '') throw new ConfigError('TRADEFLOW_SNAPSHOT is empty: give the snapshot file, or unset it');
  const maxAge = seconds(env, 'TRADEFLOW_MAX_AGE', defaultMaxAge);
  const staleWhileRevalidate = seconds(env, 'TRADEFLOW_STALE_WHILE_REVALIDATE', defaultStaleWhileRevalidate);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dbPath: resolve(env.TRADEFLOW_DB ?? resolve(projectRoot, 'data/tradeflow.db')),
    dataDir: resolve(env.TRADEFLOW_DATA_DIR ?? resolve(projectRoot, 'data')),
    clientDir: resolve(projectRoot, 'client/dist'),
    snapshot:
      snapshotPath === undefined
        ? undefined
        : {
            path: resolve(snapshotPath),
            cacheControl: `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`,
          },
  };
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new ConfigError(`${name} must be a whole number of seconds, not "${text}"`);
  return Number(text);
}

/**
 * better-sqlite3 reads SQLITE_USE_URI once, when its native module loads (at the first `new Database` in the
 * process), and only then lets SQLite take `file:…?immutable=1` filenames; its build turns them off by default.
 * Snapshot mode calls this before it opens any database; openSnapshotDb fails loudly if it came too late.
 */
export function enableSqliteUriFilenames(env: NodeJS.ProcessEnv = process.env): void {
  env.SQLITE_USE_URI = '1';
}
