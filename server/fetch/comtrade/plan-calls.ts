/**
 * Which calls to UN Comtrade a fetch makes: pure, no I/O. The limits are the API's, as its official client
 * (uncomtrade/comtradeapicall) and rOpenSci's comtradr keep them:
 * - at most 12 periods a call (comtradr's check_date refuses more; comtradeapicall's `_get…` functions go further
 *   and make one call per period);
 * - codes as comma-separated lists in one parameter (`cmdCode=91,90`, `reporterCode`, `partnerCode`, `flowCode`);
 * - the whole address under 4,096 characters (comtradr's ct_build_request aborts above it: "the upper limit of
 *   the Comtrade API");
 * - at most 500 records from the public preview and 100,000 from the keyed endpoint (comtradr warns when a response
 *   holds exactly 100k rows: "most likely not all the data you queried has been returned"), so a call is planned to
 *   stay under its limit, and one that comes back with exactly its limit is split (`splitCall`) and asked again;
 * - totals only: `partner2Code=0`, `motCode=0`, `customsCode=C00` (comtradr's defaults "World", "TOTAL modes of
 *   transport", "C00"), so no breakdown row duplicates a total;
 * - `includeDesc=true` (comtradr always sends it): without it the records carry no ISO codes, and Tradeflow would
 *   store China as "156" (docs/comtrade.md#areas).
 */
import { addMonths, listMonths, listYears } from '../../queries/series-math.ts';

export type Frequency = 'M' | 'A';
export type FlowCode = 'X' | 'M';
export const flowCodes: readonly FlowCode[] = ['X', 'M'];

/** What one fetch asks for: every combination of these. */
export interface FetchSelection {
  reporters: number[];
  /** 'all': the API's every partner (no partnerCode parameter). */
  partners: number[] | 'all';
  hsCodes: string[];
  flows: FlowCode[];
  frequency: Frequency;
  /** `YYYY-MM` (monthly) or `YYYY` (annual), both included. */
  from: string;
  to: string;
}

/** One call: the selection's lists cut down to what one request may hold. */
export interface Call {
  frequency: Frequency;
  reporters: number[];
  partners: number[] | 'all';
  hsCodes: string[];
  flows: FlowCode[];
  /** Tradeflow's periods, `YYYY-MM` or `YYYY`; sent as Comtrade's `YYYYMM` / `YYYY`. */
  periods: string[];
}

export interface ApiLimits {
  /** Records one response holds at most; a response with exactly this many may have been cut short. */
  recordLimit: number;
  maxPeriods: number;
  maxUrlLength: number;
}

export const maxPeriodsPerCall = 12;
export const maxUrlLength = 4096;
export const previewLimits: ApiLimits = { recordLimit: 500, maxPeriods: maxPeriodsPerCall, maxUrlLength };
export const keyedLimits: ApiLimits = { recordLimit: 100_000, maxPeriods: maxPeriodsPerCall, maxUrlLength };

/**
 * Records a call for every partner may return per reporter, flow, code and period: Comtrade lists about 240 partner
 * areas. Only an estimate for planning; the record limit check after the call is what guarantees nothing is cut.
 */
export const allPartnersEstimate = 250;

/** The keyed endpoint, or the public preview (no key, 500 records a call). */
export function endpointPath(frequency: Frequency, keyed: boolean): string {
  return `${keyed ? 'data/v1/get' : 'public/v1/preview'}/C/${frequency}/HS`;
}

/** Comtrade's period: `2017-11` → `201711`, `2017` → `2017`. */
export function toComtradePeriod(period: string): string {
  return period.replace('-', '');
}

/**
 * The call's path and query, relative to the API's base and without the key (which travels in a header): the
 * call's name in the cache, in messages and in the provenance of the records it returned. The parameters are
 * always written in the same order, so the same call always has the same name.
 */
export function callPath(call: Call, keyed: boolean, recordLimit: number): string {
  const query = new URLSearchParams();
  query.set('reporterCode', call.reporters.join(','));
  query.set('period', call.periods.map(toComtradePeriod).join(','));
  if (call.partners !== 'all') query.set('partnerCode', call.partners.join(','));
  query.set('partner2Code', '0');
  query.set('cmdCode', call.hsCodes.join(','));
  query.set('flowCode', call.flows.join(','));
  query.set('customsCode', 'C00');
  query.set('motCode', '0');
  query.set('maxRecords', String(recordLimit));
  query.set('includeDesc', 'true');
  return `${endpointPath(call.frequency, keyed)}?${query.toString()}`;
}

/** A call as people read it: commas as commas (the address itself encodes them as %2C, as both clients do). */
export function readableCall(path: string): string {
  return path.replaceAll('%2C', ',');
}

/** At most one record per reporter, partner, flow, code and period (totals only); `all` partners is estimated. */
export function estimateRecords(call: Call): number {
  const partners = call.partners === 'all' ? allPartnersEstimate : call.partners.length;
  return call.reporters.length * partners * call.flows.length * call.hsCodes.length * call.periods.length;
}

type Dimension = 'periods' | 'hsCodes' | 'partners' | 'reporters' | 'flows';
/** The order ties are broken in: periods first, so a split call still asks for whole series. */
const dimensions: readonly Dimension[] = ['periods', 'hsCodes', 'partners', 'reporters', 'flows'];

function sizeOf(call: Call, dimension: Dimension): number {
  const values = call[dimension];
  return values === 'all' ? 1 : values.length;
}

/**
 * The call in two halves along its longest list (periods first on a tie), or undefined when every list holds one
 * value (and partners, if `all`, cannot be listed: Tradeflow does not know every partner's code).
 */
export function splitCall(call: Call): [Call, Call] | undefined {
  let best: Dimension | undefined;
  for (const dimension of dimensions) {
    if (sizeOf(call, dimension) > 1 && (best === undefined || sizeOf(call, dimension) > sizeOf(call, best))) {
      best = dimension;
    }
  }
  if (best === undefined) return undefined;
  const values = call[best] as Array<string | number>;
  const half = Math.ceil(values.length / 2);
  return [
    { ...call, [best]: values.slice(0, half) },
    { ...call, [best]: values.slice(half) },
  ];
}

/** Every period from `from` to `to`, as Tradeflow writes them. */
export function listPeriods(frequency: Frequency, from: string, to: string): string[] {
  return frequency === 'M' ? listMonths(from, to) : listYears(from, to);
}

/**
 * The last 15 years before `now`: for monthly data the 180 months up to the month before `now`'s (Comtrade has
 * nothing for the month still running), for annual data the 15 years up to last year. UTC, like the tests.
 */
export function defaultRange(frequency: Frequency, now: Date): { from: string; to: string } {
  const year = now.getUTCFullYear();
  if (frequency === 'A') return { from: String(year - 15), to: String(year - 1) };
  const thisMonth = `${String(year).padStart(4, '0')}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const to = addMonths(thisMonth, -1);
  return { from: addMonths(to, -179), to };
}

export interface PlanOptions {
  keyed: boolean;
  limits: ApiLimits;
  /** The API's base address: its length counts towards the URL limit. */
  base: string;
}

/** Whether a call may be sent as it is: under the record limit (strictly: a full response is suspect) and the URL limit. */
function fits(call: Call, options: PlanOptions): boolean {
  const url = `${options.base}/${callPath(call, options.keyed, options.limits.recordLimit)}`;
  return estimateRecords(call) < options.limits.recordLimit && url.length <= options.limits.maxUrlLength;
}

/**
 * The calls for a selection, in a fixed order (period chunks in time order, then halves in order), so the same
 * selection always makes the same calls and a re-run finds them in the cache. A call that still does not fit once
 * it cannot be split (one period, one code, every partner) is kept: the record limit check after the call decides.
 */
export function planCalls(selection: FetchSelection, options: PlanOptions): Call[] {
  const periods = listPeriods(selection.frequency, selection.from, selection.to);
  const calls: Call[] = [];
  const place = (call: Call): void => {
    const halves = fits(call, options) ? undefined : splitCall(call);
    if (halves === undefined) calls.push(call);
    else halves.forEach(place);
  };
  for (let start = 0; start < periods.length; start += options.limits.maxPeriods) {
    place({
      frequency: selection.frequency,
      reporters: selection.reporters,
      partners: selection.partners,
      hsCodes: selection.hsCodes,
      flows: selection.flows,
      periods: periods.slice(start, start + options.limits.maxPeriods),
    });
  }
  return calls;
}
