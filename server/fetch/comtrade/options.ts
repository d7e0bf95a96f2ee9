/**
 * The options of `npm run fetch -- comtrade` (README, docs/comtrade.md#fetching-from-the-api), checked one by one:
 * a bad one stops the command with a message that names it. Pure: the environment arrives as a ComtradeConfig.
 */
import { parseArgs } from 'node:util';
import type { ComtradeConfig } from '../../config.ts';
import { parseAreaList } from './areas.ts';
import { FetchUsageError } from './errors.ts';
import { flowCodes, type FlowCode, type Frequency } from './plan-calls.ts';

export const fetchUsage = `usage: npm run fetch -- comtrade [options]
  --reporter CHN       reporters: ISO3 codes Tradeflow knows (CHN, PRK, RUS, KOR) or Comtrade codes (156), comma-separated (default CHN)
  --partner PRK        partners, the same way, or "all" (default PRK)
  --hs 1005,1006       HS codes (default: every code the commodity catalogue maps)
  --from 2011-12       first period, YYYY-MM (or YYYY with --freq A); default: 15 years before --to
  --to 2026-11         last period; default: the month (year) before today
  --freq M|A           monthly or annual (default M)
  --flow X|M|X,M       exports, imports or both (default X)
  --dataset NAME       the dataset to import into (default from the selection, e.g. comtrade-chn-prk-m-x)
  --db PATH            the database (default TRADEFLOW_DB, else data/tradeflow.db)
  --dry-run            print the calls it would make, and how long they would take; call nothing
  --offline            import from the cache alone; call nothing
  --max-age DAYS       fetch again a cached response older than this (default 30)
  --rate N             at most N calls a minute (default 10)
  --key KEY            subscription key (default COMTRADE_API_KEY); without one, the public preview API
  --cache-dir DIR      raw responses (default data/cache/comtrade)
The API's address is COMTRADE_API_BASE (default https://comtradeapi.un.org).`;

export interface FetchCommand {
  help: boolean;
  reporters: number[];
  partners: number[] | 'all';
  hsCodes: string[] | undefined;
  flows: FlowCode[];
  frequency: Frequency;
  from: string | undefined;
  to: string | undefined;
  datasetName: string;
  dbPath: string | undefined;
  dryRun: boolean;
  offline: boolean;
  maxAgeDays: number;
  callsPerMinute: number;
  key: string | undefined;
  base: string;
  cacheDir: string;
}

const optionSpecs = {
  reporter: { type: 'string' },
  partner: { type: 'string' },
  hs: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  freq: { type: 'string' },
  flow: { type: 'string' },
  dataset: { type: 'string' },
  db: { type: 'string' },
  'dry-run': { type: 'boolean' },
  offline: { type: 'boolean' },
  'max-age': { type: 'string' },
  rate: { type: 'string' },
  key: { type: 'string' },
  'cache-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
const yearPattern = /^\d{4}$/;

function readPeriod(text: string | undefined, option: string, frequency: Frequency): string | undefined {
  if (text === undefined) return undefined;
  const pattern = frequency === 'M' ? monthPattern : yearPattern;
  if (!pattern.test(text)) {
    const form = frequency === 'M' ? 'a month, YYYY-MM (e.g. 2017-11)' : 'a year, YYYY (with --freq A)';
    throw new FetchUsageError(option, `"${text}" is not ${form}`);
  }
  return text;
}

function readNumber(text: string | undefined, option: string, fallback: number, positive: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new FetchUsageError(option, `"${text}" is not a ${positive ? 'positive' : 'non-negative'} number`);
  }
  return value;
}

function readHsCodes(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const codes = [...new Set(text.split(',').map((code) => code.trim()))].filter((code) => code !== '');
  if (codes.length === 0) throw new FetchUsageError('--hs', 'give at least one HS code');
  for (const code of codes) {
    // Chapters, headings and subheadings: 2, 4 or 6 digits, leading zeros kept (0709).
    if (!/^(?:\d\d){1,3}$/.test(code)) {
      throw new FetchUsageError('--hs', `"${code}" is not an HS code of 2, 4 or 6 digits`);
    }
  }
  return codes;
}

function readFlows(text: string | undefined): FlowCode[] {
  if (text === undefined) return ['X'];
  const flows = [...new Set(text.split(',').map((flow) => flow.trim().toUpperCase()))];
  for (const flow of flows) {
    if (!(flowCodes as readonly string[]).includes(flow)) {
      throw new FetchUsageError('--flow', `"${flow}" is not X (exports) or M (imports); use X, M or X,M`);
    }
  }
  return flows as FlowCode[];
}

/** `comtrade-chn-prk-m-x`, with the HS codes when they were chosen: one dataset per selection, replaced by a re-run. */
export function defaultDatasetName(parts: {
  reporters: string[];
  partners: string[];
  frequency: Frequency;
  flows: FlowCode[];
  hsCodes?: string[];
}): string {
  const words = [parts.reporters.join('_'), parts.partners.join('_'), parts.frequency, parts.flows.join('_')];
  if (parts.hsCodes !== undefined) words.push(`hs${parts.hsCodes.join('_')}`);
  return `comtrade-${words.join('-')}`.toLowerCase().slice(0, 100);
}

/** The command from its arguments (those after `npm run fetch --`) and the environment's Comtrade settings. */
export function parseFetchCommand(args: string[], config: ComtradeConfig): FetchCommand {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: optionSpecs });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FetchUsageError('options', message);
  }
  const { values, positionals } = parsed;
  if (!values.help && (positionals.length !== 1 || positionals[0] !== 'comtrade')) {
    throw new FetchUsageError('source', `the source to fetch from is "comtrade" (got "${positionals.join(' ')}")`);
  }
  const freqText = (values.freq ?? 'M').toUpperCase();
  if (freqText !== 'M' && freqText !== 'A') throw new FetchUsageError('--freq', `"${values.freq}" is not M or A`);
  const frequency: Frequency = freqText;
  const reporters = parseAreaList(values.reporter ?? 'CHN', '--reporter');
  const partners = parseAreaList(values.partner ?? 'PRK', '--partner');
  if (reporters.codes === 'all') throw new FetchUsageError('--reporter', '"all" is for partners only');
  const hsCodes = readHsCodes(values.hs);
  const flows = readFlows(values.flow);
  const from = readPeriod(values.from, '--from', frequency);
  const to = readPeriod(values.to, '--to', frequency);
  if (from !== undefined && to !== undefined && from > to) {
    throw new FetchUsageError('--from', `${from} is after --to ${to}`);
  }
  const datasetName =
    values.dataset ??
    defaultDatasetName({ reporters: reporters.labels, partners: partners.labels, frequency, flows, hsCodes });
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(datasetName)) {
    throw new FetchUsageError('--dataset', `"${datasetName}" is not a name of letters, digits, ".", "_" and "-"`);
  }
  const key = values.key?.trim() || config.apiKey;
  return {
    help: values.help ?? false,
    reporters: reporters.codes,
    partners: partners.codes,
    hsCodes,
    flows,
    frequency,
    from,
    to,
    datasetName,
    dbPath: values.db,
    dryRun: values['dry-run'] ?? false,
    offline: values.offline ?? false,
    maxAgeDays: readNumber(values['max-age'], '--max-age', 30, false),
    callsPerMinute: readNumber(values.rate, '--rate', 10, true),
    key,
    base: config.apiBase,
    cacheDir: values['cache-dir'] ?? config.cacheDir,
  };
}
