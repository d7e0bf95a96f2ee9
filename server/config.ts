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
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`PORT must be a port number (0-65535), not "${portText}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dbPath: resolve(env.TRADEFLOW_DB ?? resolve(projectRoot, 'data/tradeflow.db')),
    dataDir: resolve(env.TRADEFLOW_DATA_DIR ?? resolve(projectRoot, 'data')),
    clientDir: resolve(projectRoot, 'client/dist'),
  };
}
