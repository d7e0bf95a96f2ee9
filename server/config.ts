/** The only reader of process.env. */
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
}

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
