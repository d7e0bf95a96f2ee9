/**
 * The UNSCR 2397 cap: refined petroleum notified to the 1718 Committee by China and Russia (and any other state
 * in the data), month by month, in barrels, against 500,000 barrels a year. Tonnes are converted with the
 * reporter's own refined-oil factor where there is one (derived from its notifications), else the generic one.
 * Months not notified are listed, never counted as zero.
 */
import type { Db } from '../db/connection.ts';
import { prepareCached } from './statements.ts';
import { findConversionFactor, type ConversionFactor } from './conversion.ts';
import { readUn1718Rows } from './series.ts';
import { listMonths, tidy, type PointStatus } from './series-math.ts';

/** UNSCR 2397 (2017), paragraph 5: 500,000 barrels of refined petroleum products per twelve months from 2018. */
export const capBarrels = 500_000;
export const firstCapYear = 2018;
/** The two states whose notifications Tradeflow follows; they are always listed, with or without data. */
const mainReporters = ['CHN', 'RUS'];

export interface CapReporterMonth {
  barrels: number | null;
  status: PointStatus;
  notified: { value: number | null; unit: 'bbl' | 't' };
  /** Barrels per tonne used for a notification in tonnes; null when notified in barrels (or not at all). */
  factor: number | null;
  source: string | null;
  note?: string;
}

export interface CapMonth {
  period: string;
  /** After the current month: nothing could have been notified yet, so it is not counted as missing. */
  future: boolean;
  reporters: Record<string, CapReporterMonth>;
  /** Barrels notified that month by the reporters that notified; null when none did. */
  totalBarrels: number | null;
  /** Every reporter has a figure in barrels for the month: totalBarrels is not a lower bound. */
  complete: boolean;
  /** Running total of the barrels notified so far this year; null until the first notification. */
  cumulativeBarrels: number | null;
}

export interface CapFactor {
  reporter: string;
  barrelsPerTonne: number;
  /** The factor's own key: `refined-oil` for `CHN`, or the generic one (reporter ''). */
  commodity: string;
  factorReporter: string;
  source: string;
  /** How the factor was derived (data/conversion-factors.csv's note). */
  note: string | null;
  /** Whether any notification this year was in tonnes and converted with it. */
  used: boolean;
}

/** One reporter's year: what a reporter writes ("Russia notified 160,000 barrels over 4 months"). */
export interface CapReporterTotal {
  reporter: string;
  /** Barrels notified in the year (tonnes converted); null when nothing was. A lower bound while months are missing. */
  barrels: number | null;
  /** The months whose figures the total adds up (a notified zero counts; a month in tonnes with no factor does not). */
  months: string[];
  /** barrels / capBarrels, four decimals. */
  shareOfCap: number | null;
  /** The addresses of the notifications counted, in month order, without repeats. */
  sources: string[];
}

/** A pace from fewer reported months than this says too little to project the year from (issue 12). */
export const minProjectionMonths = 3;

export interface CapReport {
  year: number;
  capBarrels: number;
  reporters: string[];
  months: CapMonth[];
  /** Sum of the barrels notified; null when nothing was notified. A lower bound while months are missing. */
  totalBarrels: number | null;
  /** totalBarrels / capBarrels, four decimals. */
  shareOfCap: number | null;
  /** Past months a reporter did not notify (no figure, or marked not reported). */
  missing: Array<{ reporter: string; period: string }>;
  /** Notified in tonnes, but no barrels-per-tonne factor was there to convert it: not in the totals. */
  unconverted: Array<{ reporter: string; period: string }>;
  /** Every month of the year is past and every reporter notified every month in barrels or convertibly. */
  complete: boolean;
  projection: {
    /** The pace is the total up to this month (the last with a notification) divided by its month number. */
    throughMonth: string;
    monthlyPace: number;
    /** When the cap was crossed, or at this pace would be; null when not within the year. */
    capReachedIn: string | null;
    reached: boolean;
  } | null;
  factors: CapFactor[];
  /** Each reporter's total for the year, in `reporters` order. */
  reporterTotals: CapReporterTotal[];
  /** Why there is no projection, when there is none. */
  projectionNote: string | null;
}

export function loadCap(db: Db, year: number, now: Date): CapReport {
  const first = `${year}-01`;
  const last = `${year}-12`;
  const currentMonth = now.toISOString().slice(0, 7);
  const others = prepareCached<{ first: string; last: string }, { reporter: string }>(
    db,
    'SELECT DISTINCT reporter FROM un1718_reports WHERE period BETWEEN @first AND @last ORDER BY reporter',
  )
    .all({ first, last })
    .map((r) => r.reporter)
    .filter((r) => !mainReporters.includes(r));
  const reporters = [...mainReporters, ...others];
  const periods = listMonths(first, last);
  const months: CapMonth[] = periods.map((period) => ({
    period,
    future: period > currentMonth,
    reporters: {},
    totalBarrels: null,
    complete: false,
    cumulativeBarrels: null,
  }));
  const missing: CapReport['missing'] = [];
  const unconverted: CapReport['unconverted'] = [];
  const factors: CapFactor[] = [];

  for (const reporter of reporters) {
    const factor: ConversionFactor | undefined = findConversionFactor(db, ['refined-oil'], reporter);
    const rows = new Map(readUn1718Rows(db, reporter, first, last).map((row) => [row.period, row]));
    let used = false;
    for (const month of months) {
      const row = rows.get(month.period);
      const entry: CapReporterMonth = {
        barrels: null,
        status: 'not-reported',
        notified: { value: null, unit: 'bbl' },
        factor: null,
        source: null,
      };
      if (row) {
        entry.status = row.status;
        entry.notified = { value: row.value, unit: row.unit };
        entry.source = row.source;
        if (row.value !== null && row.unit === 'bbl') entry.barrels = row.value;
        if (row.value !== null && row.unit === 't') {
          if (factor) {
            entry.barrels = tidy(row.value * factor.barrelsPerTonne);
            entry.factor = factor.barrelsPerTonne;
            used = true;
          } else {
            entry.note = 'notified in tonnes; no barrels-per-tonne factor to convert it';
          }
        }
      }
      month.reporters[reporter] = entry;
      if (entry.notified.value === null && !month.future) missing.push({ reporter, period: month.period });
      if (entry.notified.value !== null && entry.barrels === null) unconverted.push({ reporter, period: month.period });
    }
    if (factor)
      factors.push({
        reporter,
        barrelsPerTonne: factor.barrelsPerTonne,
        commodity: factor.commodity,
        factorReporter: factor.reporter,
        source: factor.source,
        note: factor.note,
        used,
      });
  }

  let total: number | null = null;
  let throughIndex = -1;
  let reachedIndex = -1;
  for (const [index, month] of months.entries()) {
    const known = Object.values(month.reporters).filter((r) => r.barrels !== null);
    month.complete = known.length === reporters.length;
    if (known.length > 0) {
      month.totalBarrels = tidy(known.reduce((sum, r) => sum + (r.barrels ?? 0), 0));
      total = tidy((total ?? 0) + month.totalBarrels);
      throughIndex = index;
      if (reachedIndex < 0 && total >= capBarrels) reachedIndex = index;
    }
    month.cumulativeBarrels = total;
  }

  let projection: CapReport['projection'] = null;
  let projectionNote: string | null = null;
  const through = months[throughIndex];
  const reportedMonths = months.slice(0, throughIndex + 1).filter((m) => m.totalBarrels !== null).length;
  if (total === null) projectionNote = 'nothing was notified this year';
  else if (reachedIndex < 0 && reportedMonths < minProjectionMonths) {
    // One or two months say little about a year: China notified 4,893 bbl in March 2021 and none in January.
    projectionNote = `no projection from ${reportedMonths} month${reportedMonths === 1 ? '' : 's'} with notifications; it takes at least ${minProjectionMonths}`;
  } else if (through) {
    const monthlyPace = tidy(total / (throughIndex + 1));
    let capIndex = reachedIndex;
    if (capIndex < 0 && monthlyPace > 0) {
      const needed = Math.ceil(capBarrels / monthlyPace) - 1;
      if (needed < 12) capIndex = needed;
    }
    projection = {
      throughMonth: through.period,
      monthlyPace: Math.round(monthlyPace * 100) / 100,
      capReachedIn: months[capIndex]?.period ?? null,
      reached: reachedIndex >= 0,
    };
  }

  const reporterTotals = reporters.map((reporter): CapReporterTotal => {
    let barrels: number | null = null;
    const counted: string[] = [];
    const sources: string[] = [];
    for (const month of months) {
      const entry = month.reporters[reporter];
      if (!entry || entry.barrels === null) continue;
      barrels = tidy((barrels ?? 0) + entry.barrels);
      counted.push(month.period);
      if (entry.source !== null && !sources.includes(entry.source)) sources.push(entry.source);
    }
    return {
      reporter,
      barrels,
      months: counted,
      shareOfCap: barrels === null ? null : Math.round((barrels / capBarrels) * 10_000) / 10_000,
      sources,
    };
  });

  return {
    year,
    capBarrels,
    reporters,
    months,
    totalBarrels: total,
    shareOfCap: total === null ? null : Math.round((total / capBarrels) * 10_000) / 10_000,
    missing,
    unconverted,
    complete: missing.length === 0 && unconverted.length === 0 && months.every((m) => !m.future),
    projection,
    factors,
    reporterTotals,
    projectionNote,
  };
}
