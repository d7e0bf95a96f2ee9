/** A series point for unit tests: an empty point of the server's own shape, with a value and what else a test sets. */
import { emptyPoint, type SeriesPoint } from '../../server/queries/series-math.ts';

export function point(period: string, value: number | null, extra: Partial<SeriesPoint> = {}): SeriesPoint {
  const status = value === null ? 'not-reported' : value === 0 ? 'reported-zero' : 'reported';
  return { ...emptyPoint(period), value, status, ...extra };
}
