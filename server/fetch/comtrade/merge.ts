/**
 * One fetch's responses as one Comtrade+ API JSON document, imported as one dataset by the importer's
 * `comtrade-plus-json` path (all or nothing, Comtrade's quirks kept: docs/comtrade.md). Record N of `data` is line N
 * of the dataset (the JSON importer numbers records from 1), and `calls` lists, in order, the call each range of
 * lines came from: a stored row's provenance is its dataset's document, its line, and the call whose range holds it.
 *
 * The document names the API address it came from at its top level, where the importer looks for it: a preview
 * address tells it that a 0 there means "not given" (docs/comtrade.md#the-preview-api).
 */
import { createHash } from 'node:crypto';
import { comtradeAreaCodes } from './areas.ts';
import { endpointPath, type Frequency } from './plan-calls.ts';

export interface FetchedCall {
  call: string;
  base: string;
  fetchedAt: string;
  records: unknown[];
}

export interface CallRange {
  call: string;
  /**
   * The call's whole address (base + path; never the key, which travels in a header): each stored row's source, so a
   * reader can open the call that gave the figure (server/import/formats/comtrade-plus-json.ts reads it).
   */
  url: string;
  fetchedAt: string;
  /** The line (1-based record index) of the call's first record; a call with no record holds no line. */
  firstLine: number;
  records: number;
}

export interface FetchDocument {
  source: string;
  fetched: string;
  note: string;
  calls: CallRange[];
  data: unknown[];
}

/** `2026-12-01`, or `2026-11-28 to 2026-12-01` when the responses were fetched on different days. */
export function fetchedDays(calls: readonly Pick<FetchedCall, 'fetchedAt'>[]): string {
  const days = calls.map((c) => c.fetchedAt.slice(0, 10)).sort();
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';
  return first === last ? first : `${first} to ${last}`;
}

/** Every API address the responses came from, e.g. `https://comtradeapi.un.org/public/v1/preview/C/M/HS`. */
export function sourceAddresses(calls: readonly FetchedCall[], frequency: Frequency, keyed: boolean): string[] {
  return [...new Set(calls.map((c) => c.base))].map((base) => `${base}/${endpointPath(frequency, keyed)}`);
}

export function buildDocument(calls: readonly FetchedCall[], frequency: Frequency, keyed: boolean): FetchDocument {
  const ranges: CallRange[] = [];
  const data: unknown[] = [];
  for (const fetched of calls) {
    ranges.push({
      call: fetched.call,
      url: `${fetched.base}/${fetched.call}`,
      fetchedAt: fetched.fetchedAt,
      firstLine: data.length + 1,
      records: fetched.records.length,
    });
    for (const record of fetched.records) data.push(record);
  }
  return {
    source: `UN Comtrade API, ${sourceAddresses(calls, frequency, keyed).join(', ')}`,
    fetched: fetchedDays(calls),
    note:
      'Written by `npm run fetch -- comtrade`. Record N of "data" (counting from 1) is line N of the dataset; ' +
      '"calls" gives the call behind each range of lines (firstLine, and the number of records it returned).',
    calls: ranges,
    data,
  };
}

/** The document as written (compact: it can hold tens of thousands of records) and its SHA-256. */
export function serializeDocument(document: FetchDocument): { text: string; sha256: string } {
  const text = `${JSON.stringify(document)}\n`;
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

/** The call a line of the dataset came from. */
export function callOfLine(ranges: readonly CallRange[], line: number): CallRange | undefined {
  return ranges.find((range) => line >= range.firstLine && line < range.firstLine + range.records);
}

export interface SeriesCoverage {
  reporter: string;
  partner: string;
  flow: string;
  hsCode: string;
  /** Periods with a record. */
  periods: number;
}

/** A series asked for: every combination of a selection with listed partners (with `all`, only those answered). */
export interface SeriesAsked {
  reporter: number;
  partner: number;
  flow: string;
  hsCode: string;
}

/** How a summary names an area: the ISO code the records gave, else the one Tradeflow knows, else the number. */
function areaLabel(code: number, seen: ReadonlyMap<number, string>): string {
  const known = Object.entries(comtradeAreaCodes).find(([, number]) => number === code)?.[0];
  return seen.get(code) ?? known ?? String(code);
}

/**
 * Periods with a record, per reporter, partner, flow and code: what the summary prints, a series asked for and
 * answered by no record included (0). A period without a record is not reported (never zero), so "172 of 180
 * months" means 8 months the chart shows as not reported.
 */
export function coverageOf(records: readonly unknown[], asked: readonly SeriesAsked[]): SeriesCoverage[] {
  const periods = new Map<string, { series: SeriesAsked; seen: Set<string> }>();
  const keyOf = (s: SeriesAsked) => [s.reporter, s.partner, s.flow, s.hsCode].join('|');
  for (const series of asked) periods.set(keyOf(series), { series, seen: new Set() });
  const isoCodes = new Map<number, string>();
  for (const item of records) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const series: SeriesAsked = {
      reporter: Number(record.reporterCode),
      partner: Number(record.partnerCode),
      flow: String(record.flowCode ?? '?'),
      hsCode: String(record.cmdCode ?? '?'),
    };
    for (const [code, iso] of [
      [series.reporter, record.reporterISO],
      [series.partner, record.partnerISO],
    ] as const) {
      if (typeof iso === 'string' && iso !== '') isoCodes.set(code, iso);
    }
    const entry = periods.get(keyOf(series)) ?? { series, seen: new Set<string>() };
    entry.seen.add(String(record.period ?? ''));
    periods.set(keyOf(series), entry);
  }
  return [...periods.values()]
    .map(({ series, seen }) => ({
      reporter: areaLabel(series.reporter, isoCodes),
      partner: areaLabel(series.partner, isoCodes),
      flow: series.flow,
      hsCode: series.hsCode,
      periods: seen.size,
    }))
    .sort((a, b) =>
      [a.reporter, a.partner, a.flow, a.hsCode]
        .join('|')
        .localeCompare([b.reporter, b.partner, b.flow, b.hsCode].join('|')),
    );
}
