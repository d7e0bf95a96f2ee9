/** The only reader (and, for SQLite's URI switch, the only writer) of process.env. */
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** SQLite file; created, migrated and filled from `dataDir` on first start. */
  dbPath: string;
  /** Bundled datasets: every `*.csv` here is imported at start-up unless already present (same SHA-256). */
  dataDir: string;
  /** Built client assets served at `/`. */
  clientDir: string;
  /**
   * TRADEFLOW_HTTPS=1: the dashboard is only ever reached over https (TLS in front of it), so every answer carries
   * Strict-Transport-Security and the CSP's `upgrade-insecure-requests`. Off by default: over plain HTTP those
   * headers make a browser fetch the page's own files over https, which fails (server/http/security.ts).
   */
  https: boolean;
  /**
   * TRADEFLOW_TRUST_PROXY: Express's `trust proxy` setting, for a server behind a reverse proxy. A trusted proxy's
   * `X-Forwarded-Proto: https` turns the https-only headers on for that request. `false` (unset): no proxy trusted.
   */
  trustProxy: TrustProxy;
  /** Set (TRADEFLOW_SNAPSHOT): serve this immutable snapshot read-only instead of `dbPath` (docs/deploy.md). */
  snapshot: SnapshotConfig | undefined;
  /**
   * TRADEFLOW_ADMIN_TOKEN: the bearer token the write endpoints (POST/DELETE /api/datasets) accept. Unset or empty:
   * writes are off and answer 403 `writes-disabled`, so a server started as before stays read-only.
   */
  adminToken: string | undefined;
  /** TRADEFLOW_UPLOAD_MAX_BYTES: the largest uploaded file taken (default 200 MiB); a larger one answers 413. */
  uploadMaxBytes: number;
  /**
   * TRADEFLOW_UPLOAD_DIR: where uploaded files are kept, as `<sha256>-<name>`, so the original can be downloaded
   * later (default: `uploads/` beside the database file).
   */
  uploadDir: string;
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

/** As Express takes it: true (any peer), a hop count, or addresses, subnets and the names loopback, linklocal, uniquelocal. */
export type TrustProxy = boolean | number | string;

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export class ConfigError extends Error {}

/** Defaults: five minutes fresh (a new snapshot reaches readers within that), a day served stale while refreshed. */
export const defaultMaxAge = 300;
export const defaultStaleWhileRevalidate = 86_400;
/** 200 MiB: larger than any customs file we know (the biggest Comtrade bulk file for one reporter is ~60 MB). */
export const defaultUploadMaxBytes = 200 * 1024 * 1024;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new ConfigError(`PORT must be a port number (0-65535), not "${portText}"`);
  const snapshotPath = env.TRADEFLOW_SNAPSHOT;
  if (snapshotPath === '') throw new ConfigError('TRADEFLOW_SNAPSHOT is empty: give the snapshot file, or unset it');
  const maxAge = seconds(env, 'TRADEFLOW_MAX_AGE', defaultMaxAge);
  const staleWhileRevalidate = seconds(env, 'TRADEFLOW_STALE_WHILE_REVALIDATE', defaultStaleWhileRevalidate);
  const dbPath = resolve(env.TRADEFLOW_DB ?? resolve(projectRoot, 'data/tradeflow.db'));
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dbPath,
    dataDir: resolve(env.TRADEFLOW_DATA_DIR ?? resolve(projectRoot, 'data')),
    clientDir: resolve(projectRoot, 'client/dist'),
    https: readHttps(env.TRADEFLOW_HTTPS),
    trustProxy: readTrustProxy(env.TRADEFLOW_TRUST_PROXY),
    snapshot:
      snapshotPath === undefined
        ? undefined
        : {
            path: resolve(snapshotPath),
            cacheControl: `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`,
          },
    // An empty token is treated as unset: `TRADEFLOW_ADMIN_TOKEN=` must never mean "the empty token opens writes".
    adminToken: env.TRADEFLOW_ADMIN_TOKEN === '' ? undefined : env.TRADEFLOW_ADMIN_TOKEN,
    uploadMaxBytes: readUploadMaxBytes(env.TRADEFLOW_UPLOAD_MAX_BYTES),
    uploadDir: resolve(env.TRADEFLOW_UPLOAD_DIR || resolve(dirname(dbPath), 'uploads')),
  };
}

function readUploadMaxBytes(text: string | undefined): number {
  if (text === undefined || text === '') return defaultUploadMaxBytes;
  const bytes = Number(text);
  if (!/^\d{1,15}$/.test(text) || bytes < 1)
    throw new ConfigError(`TRADEFLOW_UPLOAD_MAX_BYTES must be a whole number of bytes (1 or more), not "${text}"`);
  return bytes;
}

/** Where `npm run fetch -- comtrade` calls UN Comtrade, and with which key (README, docs/comtrade.md). */
export interface ComtradeConfig {
  /** A subscription key: the keyed endpoint (data/v1/get) with it, the public preview without it. */
  apiKey: string | undefined;
  /** The API's base address without a trailing slash: the real API, or a mirror or test server. */
  apiBase: string;
  /** Raw responses, one file per call, so a re-run calls only what is missing (gitignored). */
  cacheDir: string;
}

export const defaultComtradeApiBase = 'https://comtradeapi.un.org';

export function readComtradeConfig(env: NodeJS.ProcessEnv = process.env): ComtradeConfig {
  const base = (env.COMTRADE_API_BASE ?? '').trim() || defaultComtradeApiBase;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ConfigError(`COMTRADE_API_BASE must be an http(s) address, not "${base}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`COMTRADE_API_BASE must be an http(s) address, not "${base}"`);
  }
  const key = env.COMTRADE_API_KEY?.trim();
  return {
    apiKey: key === '' ? undefined : key,
    apiBase: base.replace(/\/+$/, ''),
    cacheDir: resolve(projectRoot, 'data/cache/comtrade'),
  };
}

function readHttps(text: string | undefined): boolean {
  if (text === undefined || text === '' || text === '0') return false;
  if (text === '1') return true;
  throw new ConfigError(`TRADEFLOW_HTTPS must be 1 (served over https) or 0, not "${text}"`);
}

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Checked here, so a typo stops the start with the variable's name instead of an error from inside Express. */
function readTrustProxy(text: string | undefined): TrustProxy {
  if (text === undefined || text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  for (const item of text.split(',').map((part) => part.trim())) {
    const [address = '', bits, ...rest] = item.split('/');
    const valid =
      proxyNames.has(item) ||
      (isIP(address) !== 0 && rest.length === 0 && (bits === undefined || /^\d{1,3}$/.test(bits)));
    if (!valid) {
      throw new ConfigError(
        `TRADEFLOW_TRUST_PROXY must be true, a number of proxies, or addresses/subnets (loopback, 10.0.0.0/8, …) separated by commas; "${item}" is none of these`,
      );
    }
  }
  return text;
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
