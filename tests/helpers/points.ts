/** Series points and series for unit tests, of the server's own shapes, with what each test sets. */
import { emptyPoint, type SeriesPoint } from '../../server/queries/series-math.ts';
import type { Series } from '../../server/queries/series.ts';
import type { Headline } from '../../server/queries/headline.ts';

export function point(period: string, value: number | null, extra: Partial<SeriesPoint> = {}): SeriesPoint {
  const status = value === null ? 'not-reported' : value === 0 ? 'reported-zero' : 'reported';
  return { ...emptyPoint(period), value, status, ...extra };
}

/** A customs series of China's rice to North Korea in tonnes, monthly, over `points`; `extra` says what differs. */
export function series(points: SeriesPoint[], extra: Partial<Series> = {}): Series {
  return {
    key: 'rice:CHN',
    commodity: 'rice',
    commodityLabel: 'Rice',
    reporter: 'CHN',
    partner: 'PRK',
    direction: 'export',
    source: 'customs',
    measure: 'quantity',
    unit: 't',
    interval: 'month',
    conversion: null,
    points,
    ...extra,
  };
}

/**
 * The facts of a headline about China's rice to North Korea in November 2017 (672 t, −63.9% from 1,863 t a year
 * earlier), with no sources, notes or conflicts; `extra` says what differs.
 */
export function riceHeadline(extra: Partial<Headline> = {}): Headline {
  return {
    commodity: 'rice',
    commodityLabel: 'Rice',
    reporter: 'CHN',
    partner: 'PRK',
    direction: 'export',
    source: 'customs',
    measure: 'quantity',
    month: '2017-11',
    value: 672,
    unit: 't',
    status: 'reported',
    partial: false,
    yoy: { absolute: -1191, percent: -63.9 },
    mom: null,
    yearEarlier: { period: '2016-11', value: 1863 },
    previousMonth: { period: '2017-10', value: null },
    lowestSince: null,
    highestSince: '2017-08',
    earlierReportedMonths: 4,
    firstReportedMonth: '2016-08',
    conversion: null,
    sources: [],
    note: null,
    notes: [],
    datasets: [],
    otherSources: [],
    conflict: false,
    conflictMonths: [],
    partialMonths: [],
    sentence: '',
    ...extra,
  };
}
