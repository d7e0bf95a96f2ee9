/** Series points and series for unit tests, of the server's own shapes, with what each test sets. */
import { emptyPoint, type SeriesPoint } from '../../server/queries/series-math.ts';
import type { Series } from '../../server/queries/series.ts';

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
