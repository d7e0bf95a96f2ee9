/** The only reader of process.env. */
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
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
}

/** As Express takes it: true (any peer), a hop count, or addresses, subnets and the names loopback, linklocal, uniquelocal. */
export type TrustProxy = boolean | number | string;

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new ConfigError(`PORT must be a port number (0-65535), not "${portText}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dbPath: resolve(env.TRADEFLOW_DB ?? resolve(projectRoot, 'data/tradeflow.db')),
    dataDir: resolve(env.TRADEFLOW_DATA_DIR ?? resolve(projectRoot, 'data')),
    clientDir: resolve(projectRoot, 'client/dist'),
    https: readHttps(env.TRADEFLOW_HTTPS),
    trustProxy: readTrustProxy(env.TRADEFLOW_TRUST_PROXY),
  };
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
