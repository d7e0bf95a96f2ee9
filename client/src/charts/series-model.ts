/**
 * Turns /api/series answers into what a month chart draws: one label per month and, per series, one value or null
 * per label. Pure (tests/unit/client-series-model.test.ts). No arithmetic on the figures: values and changes are the
 * API's; a month the API marks not reported stays null here, so Chart.js leaves a gap instead of drawing a zero.
 */
import type { PointStatus, Series, SeriesPoint, TradeEvent } from '../api-types.ts';
import { monthOrdinal, ordinalMonth } from '../format.ts';

export type ModelMeasure = 'value' | 'mom' | 'yoy';

export interface ModelDataset {
  key: string;
  label: string;
  unit: string;
  /** One per model label; null is a gap (not reported, or no change to state). */
  values: (number | null)[];
  /** The API's point for each label, or null when the series has no point for that month. */
  points: (SeriesPoint | null)[];
}

export interface SeriesModel {
  /** Months, "YYYY-MM", ascending. */
  labels: string[];
  datasets: ModelDataset[];
}

function pointValue(point: SeriesPoint | null, measure: ModelMeasure): number | null {
  if (point === null) return null;
  if (measure === 'value') return point.status === 'not-reported' ? null : point.value;
  const change = measure === 'mom' ? point.change.mom : point.change.yoy;
  return change?.percent ?? null;
}

export function buildSeriesModel(
  series: readonly Series[],
  measure: ModelMeasure,
  labelOf: (series: Series) => string,
): SeriesModel {
  const periods = new Set<string>();
  for (const s of series) for (const point of s.points) periods.add(point.period);
  const labels = [...periods].sort();
  const datasets = series.map((s) => {
    const byPeriod = new Map(s.points.map((point) => [point.period, point]));
    const points = labels.map((period) => byPeriod.get(period) ?? null);
    return { key: s.key, label: labelOf(s), unit: s.unit, values: points.map((p) => pointValue(p, measure)), points };
  });
  return { labels, datasets };
}

/** The status of one series in one month; a month the series does not cover is not reported. */
export function statusAt(dataset: ModelDataset, index: number): PointStatus {
  return dataset.points[index]?.status ?? 'not-reported';
}

/** True when no series has a figure for any month: the page says "no data for this selection". */
export function isEmptyModel(model: SeriesModel): boolean {
  return model.datasets.every((d) => d.points.every((p) => p === null || p.status === 'not-reported'));
}

/** Months in which no series reported anything, drawn as labelled "not reported" bands. */
export function monthsWithNoData(model: SeriesModel): number[] {
  const indexes: number[] = [];
  model.labels.forEach((_label, index) => {
    if (model.datasets.every((d) => statusAt(d, index) === 'not-reported')) indexes.push(index);
  });
  return indexes;
}

/** The latest month in view that has a figure (reported, zero or estimated), for the headline card. */
export function latestReportedPeriod(series: Series): string | null {
  for (let i = series.points.length - 1; i >= 0; i -= 1) {
    const point = series.points[i];
    if (point && point.status !== 'not-reported' && point.value !== null) return point.period;
  }
  return null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Where an event sits on a category axis of months (or of years): index of its month (year), shifted inside the
 * slot by the day (the 29th is near a month's right edge; 22 December near a year's). null when the event is outside
 * the periods shown.
 */
export function eventPosition(date: string, labels: readonly string[]): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const monthIndex = labels.indexOf(`${match[1]}-${match[2]}`);
  if (monthIndex !== -1) return monthIndex - 0.5 + (day - 0.5) / daysInMonth(year, month);
  const yearIndex = labels.indexOf(match[1] ?? '');
  if (yearIndex === -1) return null;
  const dayOfYear = (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000;
  const daysInYear = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
  return yearIndex - 0.5 + (dayOfYear + 0.5) / daysInYear;
}

/**
 * The model without the months nobody reported, for a chart that leaves them out: the axis closes up, and `breaks`
 * lists where months were taken out (a break after index i), so the chart can mark the cut and never draw a line
 * across it as if the months either side were consecutive. Nothing is drawn for the months left out, not even zero.
 */
export function withoutUnreported(model: SeriesModel): { model: SeriesModel; breaks: number[]; left: string[] } {
  const empty = new Set(monthsWithNoData(model));
  const keep = model.labels.map((_label, index) => !empty.has(index));
  const breaks: number[] = [];
  let kept = -1;
  let gapSinceKept = false;
  for (const isKept of keep) {
    if (isKept) {
      if (gapSinceKept && kept >= 0) breaks.push(kept);
      kept += 1;
      gapSinceKept = false;
    } else gapSinceKept = true;
  }
  const pick = <T>(items: readonly T[]): T[] => items.filter((_item, index) => keep[index]);
  return {
    model: {
      labels: pick(model.labels),
      datasets: model.datasets.map((d) => ({ ...d, values: pick(d.values), points: pick(d.points) })),
    },
    breaks,
    left: model.labels.filter((_label, index) => !keep[index]),
  };
}

/** Events within the months shown, in the chosen categories (null: all). */
export function eventsInView(
  events: readonly TradeEvent[],
  labels: readonly string[],
  categories: readonly string[] | null,
): TradeEvent[] {
  return events.filter(
    (event) =>
      (categories === null || categories.includes(event.category)) && eventPosition(event.date, labels) !== null,
  );
}

/** Events dated in one month ("YYYY-MM"), for the tooltip of that month. */
export function eventsInMonth(events: readonly TradeEvent[], period: string): TradeEvent[] {
  return events.filter((event) => event.date.startsWith(`${period}-`));
}

/** Every month from the first to the last, both included ("2024-01" to "2024-03": three months). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  const end = monthOrdinal(last);
  for (let i = monthOrdinal(first); i <= end; i += 1) months.push(ordinalMonth(i));
  return months;
}
