/**
 * Monthly and yearly series: customs flows, 1718 Committee notifications and shipments. The work is split by
 * concern under series/: types, plan (every check that can fail), customs-rows (the SQL of customs flows),
 * customs-points (the pure rules that choose and combine rows, every source of a month kept), un1718, shipments,
 * build. This module is the surface the rest of the server uses.
 */
export type {
  Direction,
  Measure,
  Series,
  SeriesConversion,
  SeriesIdentity,
  SeriesPlan,
  SeriesQuery,
  SeriesRequest,
  SeriesSource,
  SeriesUnit,
} from './series/types.ts';
export { maxPoints, planSeries } from './series/plan.ts';
export { iterateSeries, loadSeries } from './series/build.ts';
export { readUn1718Rows } from './series/un1718.ts';
