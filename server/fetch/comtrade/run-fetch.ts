/**
 * `npm run fetch -- comtrade`: plan the calls, take each from the cache or the API (splitting any that comes back
 * full), then import everything as one dataset through the Comtrade+ JSON path. Nothing is imported until every call
 * has its response, so a fetch stopped half-way changes nothing in the database; its responses stay cached, and the
 * next run calls only the rest and imports the same records in the same order as one uninterrupted run would.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { projectRoot } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { importFile, type ImportSummary } from '../../import/import-file.ts';
import { listCommodityGroups } from '../../queries/commodities.ts';
import { openResponseCache, type CachedResponse } from './cache.ts';
import { createComtradeClient, type ClientTiming } from './client.ts';
import { FetchError } from './errors.ts';
import {
  buildDocument,
  coverageOf,
  fetchedDays,
  serializeDocument,
  sourceAddresses,
  type CallRange,
  type FetchedCall,
  type SeriesCoverage,
} from './merge.ts';
import {
  callPath,
  defaultRange,
  keyedLimits,
  planCalls,
  previewLimits,
  readableCall,
  splitCall,
  type Call,
  type FetchSelection,
  type FlowCode,
  type Frequency,
} from './plan-calls.ts';

export interface RunFetchOptions {
  reporters: number[];
  partners: number[] | 'all';
  /** undefined: every HS code the commodity catalogue maps (its groups' headings and its products' codes). */
  hsCodes?: string[];
  flows: FlowCode[];
  frequency: Frequency;
  /** undefined: the last 15 years (defaultRange). */
  from?: string;
  to?: string;
  datasetName: string;
  key: string | undefined;
  base: string;
  cacheDir: string;
  callsPerMinute: number;
  /** A cached response older than this is fetched again. */
  maxAgeDays: number;
  dryRun?: boolean;
  offline?: boolean;
  now: () => Date;
  timing?: Partial<ClientTiming>;
  /** Tests: a smaller record limit than the API's, so a full response is cheap to serve. */
  recordLimit?: number;
  onProgress?: (event: FetchProgress) => void;
  onRetry?: (event: { path: string; attempt: number; waitMs: number; reason: string }) => void;
}

export interface FetchProgress {
  done: number;
  total: number;
  records: number;
  call: string;
  from: 'cache' | 'api';
}

export interface FetchSummary {
  selection: FetchSelection;
  keyed: boolean;
  /** The planned calls (dry run: what would be called). */
  planned: string[];
  /** Of the planned calls, those whose response is in the cache and young enough. */
  cachedBeforeStart: number;
  /** The calls whose records were kept (after splits), in order. */
  calls: CallRange[];
  callsFromApi: number;
  callsFromCache: number;
  /** Calls that came back with exactly their record limit and were asked again in halves. */
  splits: number;
  records: number;
  coverage: SeriesCoverage[];
  /** Periods asked for, per series. */
  periods: number;
  document?: string;
  sourceDescription?: string;
  import?: ImportSummary;
  elapsedMs: number;
}

/** The HS codes the commodity catalogue maps: every group's heading and every product's code, in code order. */
export function catalogueHsCodes(db: Db): string[] {
  const codes = new Set<string>();
  for (const group of listCommodityGroups(db)) {
    codes.add(group.hsPrefix);
    for (const product of group.products) codes.add(product.hsCode);
  }
  return [...codes].sort();
}

const dayMs = 24 * 60 * 60 * 1000;

export async function runFetch(db: Db, options: RunFetchOptions): Promise<FetchSummary> {
  const started = performance.now();
  const now = options.now();
  const keyed = options.key !== undefined;
  const limits = {
    ...(keyed ? keyedLimits : previewLimits),
    ...(options.recordLimit && { recordLimit: options.recordLimit }),
  };
  const range = defaultRange(options.frequency, now);
  const selection: FetchSelection = {
    reporters: options.reporters,
    partners: options.partners,
    hsCodes: options.hsCodes ?? catalogueHsCodes(db),
    flows: options.flows,
    frequency: options.frequency,
    from: options.from ?? range.from,
    to: options.to ?? range.to,
  };
  const planned = planCalls(selection, { keyed, limits, base: options.base });
  const pathOf = (call: Call) => callPath(call, keyed, limits.recordLimit);
  const cache = openResponseCache(options.cacheDir);
  const isFresh = (entry: CachedResponse | undefined): entry is CachedResponse =>
    entry !== undefined &&
    (options.offline === true || now.getTime() - Date.parse(entry.fetchedAt) <= options.maxAgeDays * dayMs);

  const summary: FetchSummary = {
    selection,
    keyed,
    planned: planned.map(pathOf),
    cachedBeforeStart: 0,
    calls: [],
    callsFromApi: 0,
    callsFromCache: 0,
    splits: 0,
    records: 0,
    coverage: [],
    periods: new Set(planned.flatMap((call) => call.periods)).size,
    elapsedMs: 0,
  };
  for (const path of summary.planned) if (isFresh(await cache.read(path))) summary.cachedBeforeStart += 1;
  if (options.dryRun) {
    summary.elapsedMs = performance.now() - started;
    return summary;
  }

  const client = createComtradeClient({
    base: options.base,
    key: options.key,
    callsPerMinute: options.callsPerMinute,
    timing: options.timing,
    onRetry: options.onRetry,
  });
  const fetched: FetchedCall[] = [];
  const missing: string[] = [];
  // Depth first: a call split in halves is replaced by them where it stood, so records keep the plan's order.
  const queue = [...planned];
  let total = queue.length;
  let done = 0;
  for (let call = queue.shift(); call !== undefined; call = queue.shift()) {
    const path = pathOf(call);
    let entry = await cache.read(path);
    let records = isFresh(entry) ? recordsOf(entry) : undefined;
    let from: FetchProgress['from'] = 'cache';
    if (entry === undefined || records === undefined) {
      if (options.offline) {
        missing.push(path);
        done += 1;
        continue;
      }
      const response = await client.get(path);
      entry = { call: path, base: options.base, fetchedAt: options.now().toISOString(), body: response.body };
      records = response.envelope.data;
      await cache.write(entry);
      from = 'api';
    }
    if (from === 'api') summary.callsFromApi += 1;
    else summary.callsFromCache += 1;
    if (records.length >= limits.recordLimit) {
      const halves = splitCall(call);
      if (halves === undefined) {
        throw new FetchError(
          'cannot-split',
          path,
          `the call returned ${records.length} records, the most one call returns, and asks for one period, one ` +
            `code, one reporter and one flow of ${call.partners === 'all' ? 'every partner' : 'one partner'}: ` +
            `it cannot be split further, and keeping it could drop records${keyed ? '' : '; with a subscription key (COMTRADE_API_KEY) a call returns up to 100,000 records'}`,
        );
      }
      summary.splits += 1;
      queue.unshift(...halves);
      total += 1;
      options.onProgress?.({ done, total, records: summary.records, call: path, from });
      continue;
    }
    done += 1;
    summary.records += records.length;
    fetched.push({ call: path, base: entry.base, fetchedAt: entry.fetchedAt, records });
    options.onProgress?.({ done, total, records: summary.records, call: path, from });
  }
  if (missing.length > 0) {
    throw new FetchError(
      'not-cached',
      missing[0] ?? '',
      `--offline: ${missing.length} of the ${done} calls are not in the cache (${options.cacheDir}), the first: ` +
        `${readableCall(missing[0] ?? '')}; run without --offline to fetch them (responses are cached per endpoint: ` +
        `those fetched with a key are found only with the key set, those of the preview only without)`,
    );
  }

  const document = buildDocument(fetched, options.frequency, keyed);
  summary.calls = document.calls;
  const partners = selection.partners === 'all' ? [] : selection.partners;
  const asked = selection.reporters.flatMap((reporter) =>
    partners.flatMap((partner) =>
      selection.flows.flatMap((flow) => selection.hsCodes.map((hsCode) => ({ reporter, partner, flow, hsCode }))),
    ),
  );
  summary.coverage = coverageOf(document.data, asked);
  const source = sourceAddresses(fetched, options.frequency, keyed).join(', ');
  if (document.data.length > 0) {
    const { text, sha256 } = serializeDocument(document);
    const importsDir = join(options.cacheDir, 'imports');
    await mkdir(importsDir, { recursive: true });
    const fileName = `${options.datasetName}-${sha256.slice(0, 12)}.json`;
    const path = join(importsDir, fileName);
    await writeFile(path, text);
    summary.document = path;
    // The folder as the user knows it: inside the project relative to it (data/cache/comtrade/imports), else whole.
    const shown = relative(projectRoot, importsDir);
    const where = shown.startsWith('..') || isAbsolute(shown) ? importsDir : shown;
    summary.sourceDescription =
      `UN Comtrade (fetched ${fetchedDays(fetched)}) from ${source}, ${fetched.length} calls. Line N of this ` +
      `dataset is record N of ${fileName} in ${where}, whose "calls" list names the call behind each range of lines.`;
    summary.import = await importFile(db, path, {
      format: 'comtrade-plus-json',
      datasetName: options.datasetName,
      sourceDescription: summary.sourceDescription,
      now: options.now,
    });
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

/**
 * The records of a cached response (checked when it was fetched); undefined if the file no longer holds an envelope
 * with a data array (edited by hand), so the call is made again.
 */
function recordsOf(entry: CachedResponse): unknown[] | undefined {
  try {
    const envelope = JSON.parse(entry.body) as { data?: unknown };
    return Array.isArray(envelope.data) ? envelope.data : undefined;
  } catch {
    return undefined;
  }
}
