/**
 * Every choice on the dashboard, and its round trip through the URL's query string, so a copied link opens the same
 * view. Pure: no DOM, no fetch (tests/unit/client-state.test.ts).
 *
 * The series parameters keep the API's own names (commodity, reporter, partner, source, measure, unit, from, to,
 * interval) and are passed to /api/series unchanged: the server is the one that validates them and says what is
 * wrong. The view parameters (chart, scale, unreported, change, events, table, cap, shipFrom, shipTo, check) are the
 * client's own and are checked here.
 */

export type ChartKind = 'bar' | 'line';
export type ChangeKind = 'none' | 'mom' | 'yoy';
export type IntervalKind = 'month' | 'year';
export type ScaleKind = 'linear' | 'log';

export interface ViewState {
  commodity: string[];
  reporter: string[];
  /** Not shown as a control (the dashboard is about North Korea), but kept when a link sets it. */
  partner: string | null;
  source: string;
  measure: string;
  unit: string;
  /** YYYY-MM; null means "from the first month with data" (the API's default). */
  from: string | null;
  to: string | null;
  /** The API's `interval`: a yearly view sums the months (or takes the published annual figure). */
  interval: IntervalKind;
  chart: ChartKind;
  /** The series chart's y axis. */
  scale: ScaleKind;
  /** Leave the months nobody reported off the series chart's axis (they are still in the table). */
  hideUnreported: boolean;
  change: ChangeKind;
  /** Event categories drawn on the chart; null means every category. */
  events: string[] | null;
  table: boolean;
  capYear: number;
  /** YYYY-MM-DD, the shipments panel's range. */
  shipFrom: string;
  shipTo: string;
  /** YYYY-MM: the month the "Check a claim" panel is open for; null when it is closed. */
  check: string | null;
}

/**
 * The first view tells a story from the bundled data: China's customs exports of refined oil to North Korea,
 * falling to zero after the 2017 resolutions; the 1718 Committee cap in 2021; Russia's tanker calls in 2024.
 */
export const defaultState: Readonly<ViewState> = Object.freeze({
  commodity: ['refined-oil'],
  reporter: ['CHN'],
  partner: null,
  source: 'customs',
  measure: 'quantity',
  unit: 't',
  from: null,
  to: null,
  interval: 'month',
  chart: 'bar',
  scale: 'linear',
  hideUnreported: false,
  change: 'none',
  events: null,
  table: false,
  capYear: 2021,
  shipFrom: '2024-01-01',
  shipTo: '2024-12-31',
  check: null,
});

/** Quantity units the API converts between; value is always in US dollars. */
export const unitsByMeasure: Readonly<Record<string, readonly string[]>> = {
  quantity: ['t', 'kg', 'bbl'],
  value: ['usd'],
};

/** The server's defaults (docs/api.md): dollars for values; tonnes for customs, barrels (the cap's unit) otherwise. */
export function defaultUnitFor(measure: string, source = 'customs'): string {
  if (measure === 'value') return 'usd';
  return source === 'customs' ? 't' : 'bbl';
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
const datePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const keyPattern = /^[A-Za-z0-9-]+$/;

export function isMonth(text: string): boolean {
  return monthPattern.test(text);
}

export function isDate(text: string): boolean {
  return datePattern.test(text);
}

export interface ParsedState {
  state: ViewState;
  /** One line per URL parameter that was not understood and was replaced by its default, for the page to show. */
  ignored: string[];
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Reads a view from a query string. Never throws: what it cannot read it names in `ignored` and defaults. */
export function parseState(search: string | URLSearchParams): ParsedState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const state: ViewState = {
    ...defaultState,
    commodity: [...defaultState.commodity],
    reporter: [...defaultState.reporter],
  };
  const ignored: string[] = [];
  const ignore = (name: string, value: string, expected: string): void => {
    ignored.push(`${name}=${value} (expected ${expected})`);
  };

  const list = (name: 'commodity' | 'reporter'): void => {
    const raw = params.get(name);
    if (raw === null) return;
    const items = splitList(raw);
    if (items.length === 0 || !items.every((item) => keyPattern.test(item)))
      ignore(name, raw, 'a comma-separated list of keys');
    else state[name] = name === 'reporter' ? items.map((item) => item.toUpperCase()) : items;
  };
  list('commodity');
  list('reporter');

  const word = (name: 'source' | 'measure' | 'unit'): void => {
    const raw = params.get(name);
    if (raw === null) return;
    if (!keyPattern.test(raw)) ignore(name, raw, 'a key');
    else state[name] = raw;
  };
  word('source');
  word('measure');
  if (params.get('unit') === null) state.unit = defaultUnitFor(state.measure, state.source);
  word('unit');

  const partner = params.get('partner');
  if (partner !== null) {
    if (/^[A-Za-z]{3}$/.test(partner)) state.partner = partner.toUpperCase();
    else ignore('partner', partner, 'an ISO3 country code');
  }

  for (const name of ['from', 'to'] as const) {
    const raw = params.get(name);
    if (raw === null || raw === '') continue;
    if (isMonth(raw)) state[name] = raw;
    else ignore(name, raw, 'a month, YYYY-MM');
  }

  const chart = params.get('chart');
  if (chart !== null) {
    if (chart === 'bar' || chart === 'line') state.chart = chart;
    else ignore('chart', chart, 'bar or line');
  }
  const interval = params.get('interval');
  if (interval !== null) {
    if (interval === 'month' || interval === 'year') state.interval = interval;
    else ignore('interval', interval, 'month or year');
  }
  const scale = params.get('scale');
  if (scale !== null) {
    if (scale === 'linear' || scale === 'log') state.scale = scale;
    else ignore('scale', scale, 'linear or log');
  }
  const unreported = params.get('unreported');
  if (unreported !== null) {
    if (unreported === 'show' || unreported === 'hide') state.hideUnreported = unreported === 'hide';
    else ignore('unreported', unreported, 'show or hide');
  }
  const change = params.get('change');
  if (change !== null) {
    if (change === 'none' || change === 'mom' || change === 'yoy') state.change = change;
    else ignore('change', change, 'none, mom or yoy');
  }
  const events = params.get('events');
  if (events !== null) {
    if (events === 'none') state.events = [];
    else if (events === 'all') state.events = null;
    else {
      const items = splitList(events);
      if (items.length > 0 && items.every((item) => keyPattern.test(item))) state.events = items;
      else ignore('events', events, 'all, none or a comma-separated list of categories');
    }
  }
  const table = params.get('table');
  if (table !== null) {
    if (table === '1' || table === '0') state.table = table === '1';
    else ignore('table', table, '1 or 0');
  }
  const cap = params.get('cap');
  if (cap !== null) {
    if (/^\d{4}$/.test(cap)) state.capYear = Number(cap);
    else ignore('cap', cap, 'a year, YYYY');
  }
  for (const name of ['shipFrom', 'shipTo'] as const) {
    const raw = params.get(name);
    if (raw === null) continue;
    if (isDate(raw)) state[name] = raw;
    else ignore(name, raw, 'a date, YYYY-MM-DD');
  }
  const check = params.get('check');
  if (check !== null && check !== '') {
    if (isMonth(check)) state.check = check;
    else ignore('check', check, 'a month, YYYY-MM');
  }
  if (state.shipFrom > state.shipTo) {
    ignored.push(`shipFrom=${state.shipFrom} is after shipTo=${state.shipTo} (the default range is used)`);
    state.shipFrom = defaultState.shipFrom;
    state.shipTo = defaultState.shipTo;
  }
  return { state, ignored };
}

/**
 * Query strings with readable commas: `commodity=corn,rice` rather than `corn%2Crice` (both mean the same to the
 * server), so a shared link can be read and edited by hand.
 */
export function toQueryString(pairs: readonly (readonly [string, string])[]): string {
  return pairs
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value).replace(/%2C/gi, ',')}`)
    .join('&');
}

/** The /api/series query for a view. The CSV download uses exactly this string, so it holds what the chart shows. */
export function seriesQuery(state: ViewState): string {
  const pairs: [string, string][] = [
    ['commodity', state.commodity.join(',')],
    ['reporter', state.reporter.join(',')],
  ];
  if (state.partner !== null) pairs.push(['partner', state.partner]);
  pairs.push(['source', state.source], ['measure', state.measure], ['unit', state.unit]);
  if (state.from !== null) pairs.push(['from', state.from]);
  if (state.to !== null) pairs.push(['to', state.to]);
  // Only when yearly: a monthly view's query (and its CSV link) stays as it always was.
  if (state.interval === 'year') pairs.push(['interval', 'year']);
  return toQueryString(pairs);
}

/** The whole view as a query string: the series query first, then the view's own parameters. */
export function serializeState(state: ViewState): string {
  const view: [string, string][] = [
    ['chart', state.chart],
    ['scale', state.scale],
    ['unreported', state.hideUnreported ? 'hide' : 'show'],
    ['change', state.change],
    ['events', state.events === null ? 'all' : state.events.length === 0 ? 'none' : state.events.join(',')],
    ['table', state.table ? '1' : '0'],
    ['cap', String(state.capYear)],
    ['shipFrom', state.shipFrom],
    ['shipTo', state.shipTo],
  ];
  // Only while the panel is open: a link without it opens the page as it always did.
  if (state.check !== null) view.push(['check', state.check]);
  return `${seriesQuery(state)}&${toQueryString(view)}`;
}

/** Whether two views need a new /api/series request (view-only changes such as bar/line redraw from memory). */
export function sameSeriesQuery(a: ViewState, b: ViewState): boolean {
  return seriesQuery(a) === seriesQuery(b);
}
