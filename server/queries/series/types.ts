/** The shapes of a series request, its plan and its answer, shared by the modules of server/queries/series/. */
import type { CommoditySelection } from '../commodities.ts';
import type { ConversionFactor } from '../conversion.ts';
import type { Interval, SeriesPoint } from '../series-math.ts';
import type { Direction, SeriesUnit } from '../../vocabulary.ts';

export type { Direction };
export type SeriesSource = 'customs' | 'un1718' | 'shipments';
export type Measure = 'quantity' | 'value';
export type { SeriesUnit };

export interface SeriesRequest {
  commodities: string[];
  reporters: string[];
  partner: string;
  direction: Direction;
  source: SeriesSource;
  measure: Measure;
  unit: SeriesUnit;
  interval: Interval;
  /** `YYYY-MM` for a monthly series, `YYYY` for a yearly one; undefined: the extent of the data. */
  from?: string;
  to?: string;
}

/** The request as answered, defaults filled in; from/to null when there is no data and none was asked for. */
export interface SeriesQuery extends Omit<SeriesRequest, 'commodities' | 'reporters' | 'from' | 'to'> {
  commodity: string[];
  reporter: string[];
  from: string | null;
  to: string | null;
}

export interface SeriesConversion extends ConversionFactor {
  /** Which way the factor was used: `t→bbl`, `bbl→t`, or both, comma-separated. */
  applied: string;
}

export interface Series {
  /** `commodity:reporter`, unique in a response. */
  key: string;
  commodity: string;
  commodityLabel: string;
  reporter: string;
  partner: string;
  direction: Direction;
  source: SeriesSource;
  measure: Measure;
  unit: SeriesUnit;
  interval: Interval;
  /** The barrels-per-tonne factor used, where one was; null when no figure needed one. */
  conversion: SeriesConversion | null;
  points: SeriesPoint[];
}

/** What a series is of: the fields a headline repeats to say which figure it is about. */
export type SeriesIdentity = Pick<
  Series,
  'commodity' | 'commodityLabel' | 'reporter' | 'partner' | 'direction' | 'source' | 'measure' | 'unit'
>;

export interface Extent {
  first: string;
  last: string;
}

/** One series of a plan: a commodity selection for one reporter, and what planning learnt about it. */
export interface SeriesSpec {
  selection: CommoditySelection;
  reporter: string;
  factor: ConversionFactor | undefined;
  /** The extent of this series' own data at the request's interval once read (null: it has none). */
  extent?: Extent | null;
  /** Stored rows read while planning, by `frequency|from|to`, so building reads each range once. */
  rows?: Map<string, unknown>;
}

export interface SeriesPlan {
  query: SeriesQuery;
  specs: SeriesSpec[];
}

/** Months (and for a yearly series, years) a series reads: from a year before `from` so changes can be computed. */
export interface BuildRange {
  firstMonth: string;
  lastMonth: string;
  firstYear: string;
  lastYear: string;
}
