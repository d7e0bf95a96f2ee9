/**
 * The arithmetic behind every series, kept pure so it can be tested on its own: month ranges, combining the parts
 * of a commodity into one figure, rolling months up into years, and month-on-month / year-on-year changes.
 *
 * The one rule everything here obeys: a month that was not reported is `null`, never 0, and nothing is ever
 * computed against a null as if it were 0.
 */

import type { Status } from '../vocabulary.ts';

export type PointStatus = Status;
export type Interval = 'month' | 'year';

export interface Change {
  absolute: number;
  /** Rounded to one decimal; null when the earlier value is 0 (a change from zero has no percentage). */
  percent: number | null;
}

export interface SeriesPoint {
  /** `YYYY-MM` for a monthly series, `YYYY` for a yearly one. */
  period: string;
  /** null when not reported: never a zero. */
  value: number | null;
  status: PointStatus;
  /**
   * The value is a sum known to be incomplete or not published as a total: the sum of a commodity's parts where
   * no total row exists, a sum with some parts not reported or not convertible, or a year summed from fewer than
   * twelve reported months.
   */
  partial: boolean;
  change: { mom: Change | null; yoy: Change | null };
  /** Addresses of the published figures used, in the order met, without repeats. */
  sources: string[];
  /** Why a point is partial or has no value despite a reported row (e.g. a quantity in m3). */
  note?: string;
  /** What the published rows the value uses say about themselves (the files' note column), without repeats. */
  notes: string[];
  /** Shipments series only: how many shipments fell in the period. */
  count?: number;
  /** The datasets whose figures the value uses, by name, in the order met (docs/api.md "Several sources"). */
  datasets: string[];
  /** Other datasets' figures for this period, which the value does not use. */
  otherSources: OtherSource[];
  /** Another source's figure differs from the value beyond rounding, or one is zero and the other is not. */
  conflict: boolean;
}

/** What another dataset says about a period: its own figure, computed by the same rules as the value. */
export interface OtherSource {
  dataset: string;
  value: number | null;
  status: PointStatus;
  sources: string[];
  /** Whether it agrees with the point's value (compareFigures); null when either side has no figure. */
  agrees: boolean | null;
  note?: string;
  notes: string[];
}

/**
 * Whether two figures for the same period say the same thing: a zero and a non-zero never do; otherwise they agree
 * when they differ by at most 0.5% of the larger, what rounding a published figure (672 t for 671,842 kg) can
 * explain. null when either is missing: "not reported" beside a figure is listed, not counted as a disagreement.
 */
export function compareFigures(a: number | null, b: number | null): boolean | null {
  if (a === null || b === null) return null;
  if ((a === 0) !== (b === 0)) return false;
  return Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b));
}

/** A period with no figure: not reported, nothing to compare, no source. */
export function emptyPoint(period: string): SeriesPoint {
  return {
    period,
    value: null,
    status: 'not-reported',
    partial: false,
    change: { mom: null, yoy: null },
    sources: [],
    notes: [],
    datasets: [],
    otherSources: [],
    conflict: false,
  };
}

const monthPattern = /^(\d{4})-(\d{2})$/;

/** Removes floating-point noise (0.1 + 0.2) without rounding away any figure a source could print. */
export function tidy(value: number): number {
  return Number(value.toPrecision(15));
}

/**
 * One decimal, except that a fall that is not total never rounds to −100% (3 t after 29,607 t is −99.99%, and
 * "down 100%" would read as a fall to zero): it keeps as many decimals as it takes to stay above −100.
 */
export function roundPercent(value: number): number {
  let rounded = Math.round(value * 10) / 10;
  for (let scale = 100; rounded === -100 && value > -100 && scale <= 1e6; scale *= 10) {
    rounded = Math.round(value * scale) / scale;
  }
  return rounded;
}

export function addMonths(month: string, count: number): string {
  const match = monthPattern.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2016-11` → `November 2016`: how a sentence or a reason names a month. */
export function monthName(month: string): string {
  return `${monthNames[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}

/** Every month from `from` to `to`, both included; empty when `from` is after `to`. */
export function listMonths(from: string, to: string): string[] {
  const months: string[] = [];
  if (from > to) return months;
  months.push(from);
  // What addMonths(from, n) gives for n = 1, 2, …, without parsing each month again: a 600-month series lists
  // 612 months per request.
  const match = monthPattern.exec(from);
  if (!match) throw new Error(`not a month: ${from}`);
  const start = Number(match[1]) * 12 + (Number(match[2]) - 1);
  for (let index = start + 1; ; index += 1) {
    const month = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    if (month > to) return months;
    months.push(month);
  }
}

export function listYears(from: string, to: string): string[] {
  const years: string[] = [];
  for (let year = Number(from); year <= Number(to); year += 1) years.push(String(year).padStart(4, '0'));
  return years;
}

/** later − earlier; null when either side is missing. */
export function computeChange(earlier: number | null | undefined, later: number | null | undefined): Change | null {
  if (earlier === null || earlier === undefined || later === null || later === undefined) return null;
  const absolute = tidy(later - earlier);
  return { absolute, percent: earlier === 0 ? null : roundPercent((absolute / earlier) * 100) };
}

/** One part of a figure (a product, an HS code, a shipment, a month of a year) as read from a stored row. */
export interface Part {
  /** The part's amount in the series' unit; null when the part was not reported. */
  value: number | null;
  /** Estimated by the source (Comtrade's estimate flags, an analyst's estimate). */
  estimated: boolean;
  source: string | null;
  /** Set when the part was reported but cannot be expressed in the series' unit. */
  unconvertible?: string;
}

export interface Combined {
  value: number | null;
  status: PointStatus;
  /** Some parts were not reported or could not be converted, so the value undercounts. */
  missingParts: boolean;
  sources: string[];
  notes: string[];
}

/**
 * Sums the parts of one period. No parts, or no part with a value: not reported. Otherwise the sum of the parts
 * that have a value; estimated if any of them is; reported-zero only if every part with a value is zero.
 */
export function combineParts(parts: readonly Part[]): Combined {
  const sources: string[] = [];
  const notes: string[] = [];
  let value: number | null = null;
  let estimated = false;
  let missingParts = false;
  for (const part of parts) {
    if (part.source && !sources.includes(part.source)) sources.push(part.source);
    if (part.unconvertible !== undefined && !notes.includes(part.unconvertible)) notes.push(part.unconvertible);
    if (part.value === null) {
      missingParts = true;
      continue;
    }
    // A part's value is already free of noise (convertAmount, or as stored): only a sum can add any.
    value = value === null ? part.value : tidy(value + part.value);
    estimated ||= part.estimated;
  }
  let status: PointStatus = 'not-reported';
  if (value !== null) status = estimated ? 'estimated' : value === 0 ? 'reported-zero' : 'reported';
  return { value, status, missingParts: value !== null && missingParts, sources, notes };
}

/**
 * Fills in month-on-month and year-on-year changes. `points` must be consecutive periods of one interval, and
 * should start a year before the first point shown so the first points have their comparisons.
 *
 * Monthly: MoM against the month before, YoY against the same month a year earlier, whenever both values exist
 * (a sum of parts, marked partial, is compared as published). Yearly: MoM does not apply (null); YoY against the
 * year before, only when neither year is partial, because a year missing months would compare a gap as if it
 * were zero.
 */
export function addChanges(points: SeriesPoint[], interval: Interval): void {
  points.forEach((point, index) => {
    if (interval === 'month') {
      point.change = {
        mom: computeChange(points[index - 1]?.value, point.value),
        yoy: computeChange(points[index - 12]?.value, point.value),
      };
    } else {
      const previous = points[index - 1];
      const comparable = previous !== undefined && !previous.partial && !point.partial;
      point.change = { mom: null, yoy: comparable ? computeChange(previous.value, point.value) : null };
    }
  });
}

/**
 * A year from its twelve monthly points (missing months count as not reported). Partial unless all twelve months
 * have a value and none of them is itself partial.
 */
export function sumYearFromMonths(year: string, months: readonly SeriesPoint[]): SeriesPoint {
  const parts: Part[] = months.map((m) => ({ value: m.value, estimated: m.status === 'estimated', source: null }));
  const combined = combineParts(parts);
  const reported = months.filter((m) => m.value !== null).length;
  const partial = combined.value !== null && (reported < 12 || months.some((m) => m.partial));
  const sources: string[] = [];
  for (const month of months) for (const source of month.sources) if (!sources.includes(source)) sources.push(source);
  const count = months.some((m) => m.count !== undefined) ? months.reduce((n, m) => n + (m.count ?? 0), 0) : undefined;
  const datasets: string[] = [];
  for (const month of months) for (const name of month.datasets) if (!datasets.includes(name)) datasets.push(name);
  const point: SeriesPoint = {
    period: year,
    value: combined.value,
    status: combined.status,
    partial,
    change: { mom: null, yoy: null },
    sources,
    notes: [],
    datasets,
    otherSources: [],
    // A year summed from months with conflicting sources is itself in question.
    conflict: months.some((m) => m.conflict),
  };
  if (partial)
    point.note = `summed from ${reported} of 12 months${months.some((m) => m.partial) ? ', some of them partial' : ''}`;
  if (count !== undefined) point.count = count;
  return point;
}

export interface ExtremeSince {
  /** The most recent earlier reported period whose value was at or below this one: "the lowest since …". */
  lowestSince: string | null;
  /** The most recent earlier reported period whose value was at or above this one: "the highest since …". */
  highestSince: string | null;
  /** How many earlier periods had a value (the months compared). */
  earlierReported: number;
  /** The first earlier period with a value, if any. */
  firstReported: string | null;
}

/** Looks back from `index` through periods with a value only; gaps are skipped, never read as zero. */
export function findExtremesSince(
  points: ReadonlyArray<Pick<SeriesPoint, 'period' | 'value'>>,
  index: number,
): ExtremeSince {
  const current = points[index]?.value;
  const result: ExtremeSince = { lowestSince: null, highestSince: null, earlierReported: 0, firstReported: null };
  if (current === null || current === undefined) return result;
  for (let i = index - 1; i >= 0; i -= 1) {
    const earlier = points[i];
    if (!earlier || earlier.value === null) continue;
    result.earlierReported += 1;
    result.firstReported = earlier.period;
    if (result.lowestSince === null && earlier.value <= current) result.lowestSince = earlier.period;
    if (result.highestSince === null && earlier.value >= current) result.highestSince = earlier.period;
  }
  return result;
}
