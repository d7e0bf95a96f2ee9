/**
 * Wiring: the URL is the state. Read the view from the query string, fill the form, fetch, render; every change
 * of a control writes the view back to the URL (so a copied link opens the same chart) and fetches only what the
 * change needs. Rendering lives in views/, requests in api.ts, formatting in format.ts.
 */
import { getCap, getCommodities, getEvents, getHeadline, getSeries, getShipments, seriesCsvUrl } from './api.ts';
import type {
  CommoditiesResponse,
  Headline,
  Series,
  SeriesResponse,
  SourceInfo,
  TradeEvent,
  UnitInfo,
} from './api-types.ts';
import { wireSeriesBrush } from './charts/brush.ts';
import { latestReportedPeriod } from './charts/series-model.ts';
import { readTheme, type Theme } from './charts/theme.ts';
import type { ChartSnapshot } from './charts/month-chart.ts';
import { formatMonth, unitLabel } from './format.ts';
import { defaultUnitFor, parseState, sameSeriesQuery, seriesQuery, serializeState, type ViewState } from './state.ts';
import { CapView } from './views/cap-view.ts';
import { CheckView } from './views/check-view.ts';
import { explain, isAbort } from './explain.ts';
import {
  openControlsOnWideScreens,
  readControls,
  renderCommodityOptions,
  renderEventOptions,
  showExtent,
  wireHsCodeField,
  writeControls,
} from './views/controls.ts';
import { byId, el } from './views/dom.ts';
import { rememberCatalog } from './labels.ts';
import { maxHeadlineCards } from './views/headline-cards.ts';
import { SeriesView } from './views/series-view.ts';
import { wireMonthFields } from './views/month-fields.ts';
import { wireSharing } from './views/share.ts';
import { ShipmentsView } from './views/shipments-view.ts';
import { showShipRange, wireShipRange } from './views/ship-range.ts';

declare global {
  interface Window {
    /** For the end-to-end tests and the browser console: what each chart was given, and the current view. */
    tradeflow?: {
      charts: () => Record<string, ChartSnapshot | null>;
      /** The page position of a month on a chart, so a test can point at it with the mouse. */
      monthPoint: (chart: 'series' | 'change' | 'cap', index: number) => { x: number; y: number } | null;
      state: () => ViewState;
      /** Resolves when every request started so far has been answered and drawn. */
      idle: () => Promise<void>;
    };
  }
}

const form = byId<HTMLFormElement>('controls');
const live = byId('live');
const notice = byId('notice');
const csvLink = byId<HTMLAnchorElement>('download-csv');
const tableDetails = byId<HTMLDetailsElement>('table-details');
const capYear = byId<HTMLSelectElement>('cap-year');
const shipFrom = byId<HTMLInputElement>('ship-from');
const shipTo = byId<HTMLInputElement>('ship-to');
const shipRangeText = byId('ship-range');
const seriesStatus = byId('series-status');

const seriesView = new SeriesView(live);
const capView = new CapView(live);
const shipmentsView = new ShipmentsView(live);
const checkView = new CheckView(track);

let theme: Theme = readTheme();
let state: ViewState = parseState(location.search).state;
let events: TradeEvent[] = [];
let catalog: CommoditiesResponse | null = null;
let seriesResponse: SeriesResponse | null = null;
let seriesController: AbortController | null = null;
let capController: AbortController | null = null;
let shipmentsController: AbortController | null = null;
const pending = new Set<Promise<unknown>>();

/** Keeps track of work in flight so tests (and nothing else) can wait for the page to settle. */
function track<T>(promise: Promise<T>): Promise<T> {
  pending.add(promise);
  const done = (): void => {
    pending.delete(promise);
  };
  promise.then(done, done);
  return promise;
}

function sourceInfo(key: string): SourceInfo | undefined {
  return catalog?.sources.find((s) => s.key === key);
}

/** Keeps measure and unit consistent with the source (1718 notifications have no values in dollars). */
function reconcile(next: ViewState): ViewState {
  const source = sourceInfo(next.source);
  if (source && !(source.measures as readonly string[]).includes(next.measure)) {
    const measure = source.measures[0] ?? 'quantity';
    return { ...next, measure, unit: defaultUnitFor(measure, next.source) };
  }
  return next;
}

function renderSourceOptions(sources: readonly SourceInfo[], units: readonly UnitInfo[]): void {
  const select = byId<HTMLSelectElement>('source');
  if (sources.length > 0)
    select.replaceChildren(...sources.map((s) => el('option', { value: s.key, title: s.description }, s.label)));
  const measure = byId<HTMLSelectElement>('measure');
  const allowed: readonly string[] = sourceInfo(state.source)?.measures ?? ['quantity', 'value'];
  for (const option of measure.options) option.disabled = !allowed.includes(option.value);
  // Unit labels from the API when it has them; the form's own otherwise.
  for (const option of byId<HTMLSelectElement>('unit').options) {
    const unit = units.find((u) => u.key === option.value);
    option.textContent = unit?.label ?? unitLabel(option.value);
  }
}

function syncForm(): void {
  writeControls(form, state);
  if (catalog) renderSourceOptions(catalog.sources, catalog.units);
  byId<HTMLSelectElement>('source').value = state.source;
  tableDetails.open = state.table;
  capYear.value = String(state.capYear);
  shipFrom.value = state.shipFrom;
  shipTo.value = state.shipTo;
  showShipRange(shipRangeText, state.shipFrom, state.shipTo);
  csvLink.href = seriesCsvUrl(seriesQuery(state));
  byId('chart-full-range').hidden = state.from === null && state.to === null;
}

function writeUrl(push: boolean): void {
  const url = `${location.pathname}?${serializeState(state)}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

function loadSeries(): void {
  seriesController?.abort();
  const controller = new AbortController();
  seriesController = controller;
  const requested = state;
  if (requested.commodity.length === 0) {
    seriesResponse = null;
    seriesView.showError('Pick at least one commodity to draw a chart.', requested);
    return;
  }
  seriesView.showLoading(requested);
  track(
    getSeries(seriesQuery(requested), controller.signal).then(
      (response) => {
        if (controller.signal.aborted) return;
        seriesResponse = response;
        showExtent(form, state, response.query);
        seriesView.render({ response, state, events }, theme);
        // The API's headline is for a month: a yearly view says so instead of showing cards.
        if (requested.interval === 'year')
          return seriesView.showCardsNote('Headline cards are for a month: choose Monthly.');
        return loadHeadlines(response.series, controller.signal);
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        seriesResponse = null;
        seriesView.showError(explain(error, 'the chart'), requested);
      },
    ),
  );
}

async function loadHeadlines(series: readonly Series[], signal: AbortSignal): Promise<void> {
  const shown = series.slice(0, maxHeadlineCards);
  const entries = await Promise.all(
    shown.map(async (s) => {
      const month = latestReportedPeriod(s);
      if (month === null) return { series: s, headline: null as Headline | null, error: null as string | null };
      try {
        const headline = await getHeadline(
          {
            commodity: s.commodity,
            reporter: s.reporter,
            month,
            partner: s.partner,
            source: s.source,
            unit: s.unit,
            measure: s.measure,
          },
          signal,
        );
        return { series: s, headline, error: null };
      } catch (error) {
        if (isAbort(error)) throw error;
        return { series: s, headline: null, error: explain(error, `the headline for ${formatMonth(month)}`) };
      }
    }),
  ).catch((error: unknown) => {
    if (isAbort(error)) return null;
    throw error;
  });
  if (entries === null || signal.aborted) return;
  seriesView.renderHeadlines(entries, series.length, theme);
}

function loadCap(): void {
  capController?.abort();
  const controller = new AbortController();
  capController = controller;
  const year = state.capYear;
  capView.showLoading(year);
  track(
    getCap(year, controller.signal).then(
      (response) => {
        if (!controller.signal.aborted) capView.render(response, theme);
      },
      (error: unknown) => {
        if (!isAbort(error) && !controller.signal.aborted) capView.showError(explain(error, `the cap for ${year}`));
      },
    ),
  );
}

function loadShipments(): void {
  shipmentsController?.abort();
  const controller = new AbortController();
  shipmentsController = controller;
  const { shipFrom: from, shipTo: to } = state;
  shipmentsView.showLoading();
  track(
    getShipments(from, to, controller.signal).then(
      (response) => {
        if (!controller.signal.aborted) shipmentsView.render(response, from, to, theme);
      },
      (error: unknown) => {
        if (!isAbort(error) && !controller.signal.aborted) shipmentsView.showError(explain(error, 'the shipments'));
      },
    ),
  );
}

/** Moves to a new view: URL first, then only the requests the change needs; view-only changes redraw from memory. */
function commit(next: ViewState, push = true): void {
  const previous = state;
  state = reconcile(next);
  syncForm();
  writeUrl(push);
  if (!sameSeriesQuery(previous, state) || seriesResponse === null) loadSeries();
  else seriesView.render({ response: seriesResponse, state, events }, theme);
  if (previous.capYear !== state.capYear) loadCap();
  if (previous.shipFrom !== state.shipFrom || previous.shipTo !== state.shipTo) loadShipments();
  checkView.load(state);
}

function renderAll(): void {
  theme = readTheme();
  if (seriesResponse) seriesView.render({ response: seriesResponse, state, events }, theme);
  loadCap();
  loadShipments();
}

function wireControls(): void {
  form.addEventListener('change', (event) => {
    const target = event.target;
    // Month inputs fire change for every edited part: they apply themselves once complete (month-fields.ts).
    if (target instanceof HTMLInputElement && target.type === 'month') return;
    commit(readControls(form, state));
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  byId('full-range').addEventListener('click', () => {
    // Whatever was half-typed is replaced by the whole range.
    byId('month-error').hidden = true;
    for (const id of ['from', 'to']) byId(id).removeAttribute('aria-invalid');
    commit({ ...state, from: null, to: null });
  });
  tableDetails.addEventListener('toggle', () => {
    if (tableDetails.open !== state.table) {
      state = { ...state, table: tableDetails.open };
      writeUrl(false);
    }
  });
  capYear.addEventListener('change', () => commit({ ...state, capYear: Number(capYear.value) }));
  wireShipRange(
    shipFrom,
    shipTo,
    (from, to) => commit({ ...state, shipFrom: from, shipTo: to }),
    (message) => shipmentsView.showError(message),
  );

  wireSharing(
    { live, state: () => state, seriesResponse: () => seriesResponse, events: () => events, now: () => new Date() },
    {
      series: seriesView,
      cap: capView,
      shipments: shipmentsView,
    },
  );
  wireHsCodeField(form, (code) => commit({ ...state, commodity: [...new Set([...state.commodity, code])] }));
  checkView.wire({
    open: (month) => commit({ ...state, check: month }),
    close: () => commit({ ...state, check: null }),
  });
  wireSeriesBrush((from, to) => commit({ ...state, from, to }));
  wireMonthFields({ from: byId<HTMLInputElement>('from'), to: byId<HTMLInputElement>('to') }, byId('month-error'), {
    current: () => ({ from: state.from, to: state.to }),
    apply: (name, value) => commit({ ...state, [name]: value }),
  });

  window.addEventListener('popstate', () => {
    const parsed = parseState(location.search);
    commit(parsed.state, false);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => renderAll());
}

function fillCapYears(): void {
  const last = Math.max(new Date().getUTCFullYear(), state.capYear);
  const years: string[] = [];
  // The 500,000-barrel cap starts with UNSCR 2397 (December 2017).
  for (let year = Math.min(2018, state.capYear); year <= last; year += 1) years.push(String(year));
  capYear.replaceChildren(...years.map((year) => el('option', { value: year }, year)));
}

async function start(): Promise<void> {
  openControlsOnWideScreens(byId<HTMLDetailsElement>('controls-details'));
  const parsed = parseState(location.search);
  state = parsed.state;
  if (parsed.ignored.length > 0) {
    notice.hidden = false;
    notice.textContent = `Some settings in the link were not understood and the defaults were used instead: ${parsed.ignored.join('; ')}.`;
  }
  fillCapYears();
  syncForm();
  writeUrl(false);
  wireControls();
  loadCap();
  loadShipments();
  seriesView.showLoading(state);

  const [commodities, eventList] = await Promise.allSettled([getCommodities(), getEvents()]);
  if (commodities.status === 'fulfilled') {
    catalog = commodities.value;
    rememberCatalog(catalog.groups);
    shipmentsView.relabel();
    renderCommodityOptions(byId('commodity-options'), catalog.groups, state.commodity);
    state = reconcile(state);
  } else {
    byId('commodity-options').replaceChildren(
      el('p', { class: 'status', 'data-kind': 'error' }, explain(commodities.reason, 'the list of commodities')),
    );
  }
  if (eventList.status === 'fulfilled') {
    events = eventList.value.events;
    renderEventOptions(byId('event-options'), eventList.value.categories, state.events);
  } else {
    byId('event-options').replaceChildren(
      el('p', { class: 'status', 'data-kind': 'error' }, explain(eventList.reason, 'the events')),
    );
  }
  syncForm();
  writeUrl(false);
  loadSeries();
  checkView.load(state);
  // A shared check link is opened for the panel: show it rather than the top of the page.
  if (state.check !== null) byId('check-panel').scrollIntoView({ block: 'start' });
}

window.tradeflow = {
  charts: () => ({
    series: seriesView.seriesChart?.chartData ?? null,
    change: seriesView.changeSeriesChart?.chartData ?? null,
    cap: capView.capChart?.chartData ?? null,
  }),
  monthPoint: (chart, index) => {
    const charts = { series: seriesView.seriesChart, change: seriesView.changeSeriesChart, cap: capView.capChart };
    return charts[chart]?.monthPoint(index) ?? null;
  },
  state: () => state,
  idle: async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  },
};

track(start()).catch((error: unknown) => {
  seriesStatus.dataset.kind = 'error';
  seriesStatus.textContent = explain(error, 'the dashboard');
});
