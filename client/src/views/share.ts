/**
 * Sharing the view: the PNG downloads of the series and cap charts, the series chart as SVG, and "Copy link to this view" (the address holds
 * the whole view, state.ts). The CSV link is set by main.ts with the chart's own query.
 */
import type { SeriesResponse, TradeEvent } from '../api-types.ts';
import { seriesSvg } from '../charts/svg-view.ts';
import { readLightTheme } from '../charts/theme.ts';
import type { CapView } from './cap-view.ts';
import type { SeriesView } from './series-view.ts';
import type { ShipmentsView } from './shipments-view.ts';
import { capCsv, dataZip, shipmentsCsv } from '../downloads.ts';
import { capPngTitle } from '../format-cap.ts';
import { publisherName } from '../format.ts';
import { seriesQuery } from '../state.ts';
import type { ViewState } from '../state.ts';
import { byId, el } from './dom.ts';
import { chartFooter, seriesPublishers } from './series-title.ts';

export interface SharingSources {
  live: HTMLElement;
  state: () => ViewState;
  seriesResponse: () => SeriesResponse | null;
  /** Every event, as the series chart is given them (the SVG draws those in view). */
  events: () => readonly TradeEvent[];
  /** The clock, for the README's retrieval date. */
  now: () => Date;
}

/** The panels whose charts and answers are downloaded. */
export interface SharedViews {
  series: SeriesView;
  cap: CapView;
  shipments: ShipmentsView;
}

/** "tradeflow-rice-CHN-customs-kg-2016-08-2018-03": what the file holds, readable in a downloads folder. */
export function fileSlug(state: ViewState, response: SeriesResponse | null): string {
  const query = response?.query;
  const text = (value: unknown): string =>
    Array.isArray(value) ? value.join('-') : typeof value === 'string' ? value : '';
  const parts = [
    'tradeflow',
    state.commodity.join('-'),
    state.reporter.join('-'),
    state.source,
    state.unit,
    text(query?.from) || state.from || '',
    text(query?.to) || state.to || '',
  ];
  return parts
    .filter((part) => part !== '')
    .join('-')
    .replace(/[^A-Za-z0-9-]+/g, '-');
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function wireSharing(sources: SharingSources, views: SharedViews): void {
  const { live } = sources;
  const failed = (error: unknown): void => {
    live.textContent = `The PNG could not be made: ${error instanceof Error ? error.message : String(error)}`;
  };
  byId('download-png').addEventListener('click', () => {
    const chart = views.series.seriesChart;
    const response = sources.seriesResponse();
    if (!chart || !response) return;
    const state = sources.state();
    const theme = readLightTheme();
    void chart
      .toPng({
        title: byId('series-title').textContent ?? 'Tradeflow',
        footer: chartFooter(seriesPublishers(response.series, state), location.href),
        theme,
        data: views.series.chartDataFor(theme) ?? undefined,
      })
      .then((blob) => download(blob, `${fileSlug(state, response)}.png`))
      .catch(failed);
  });
  // The same chart drawn as SVG from the same answer (charts/svg-view.ts), in the light theme like the PNG: the
  // same title, footer and event labels, as lines or bars as on the page.
  byId('download-svg').addEventListener('click', () => {
    const response = sources.seriesResponse();
    if (!response) return;
    const state = sources.state();
    const svg = seriesSvg(response.series, sources.events(), state, {
      title: byId('series-title').textContent ?? 'Tradeflow',
      footer: chartFooter(seriesPublishers(response.series, state), location.href),
      theme: readLightTheme(),
    });
    download(new Blob([svg], { type: 'image/svg+xml' }), `${fileSlug(state, response)}.svg`);
  });
  byId('cap-png').addEventListener('click', () => {
    const chart = views.cap.capChart;
    if (!chart) return;
    const state = sources.state();
    const theme = readLightTheme();
    void chart
      .toPng({
        title: views.cap.shown ? capPngTitle(views.cap.shown) : (byId('cap-title').textContent ?? 'Tradeflow'),
        footer: chartFooter(publisherName('un1718', ['CHN', 'RUS']), location.href),
        theme,
        data: views.cap.chartDataFor(theme) ?? undefined,
      })
      .then((blob) => download(blob, `tradeflow-cap-${state.capYear}.png`))
      .catch(failed);
  });
  byId('download-data').addEventListener('click', () => {
    const response = sources.seriesResponse();
    if (!response) return;
    const slug = fileSlug(sources.state(), response);
    const zip = dataZip(
      {
        title: byId('series-title').textContent ?? 'Tradeflow',
        address: location.href,
        apiAddress: new URL(`/api/series?${seriesQuery(sources.state())}`, location.href).href,
        retrieved: sources.now(),
        series: response.series,
        csvName: `${slug}.csv`,
      },
      slug,
    );
    download(new Blob([zip], { type: 'application/zip' }), `${slug}.zip`);
  });
  // The cap and shipments panels' figures as CSV, made from the answers on screen (the API has no CSV for them).
  const csv = (text: string, name: string): void => download(new Blob([text], { type: 'text/csv' }), name);
  byId('cap-csv').addEventListener('click', () => {
    const report = views.cap.shown;
    if (report) csv(capCsv(report), `tradeflow-cap-${report.year}.csv`);
  });
  byId('shipments-csv').addEventListener('click', () => {
    const report = views.shipments.shown;
    const { shipFrom, shipTo } = sources.state();
    if (report) csv(shipmentsCsv(report.shipments), `tradeflow-shipments-${shipFrom}-${shipTo}.csv`);
  });
  byId('copy-link').addEventListener('click', () => {
    const done = (text: string): void => {
      live.textContent = text;
      byId('copy-link').textContent = text;
      setTimeout(() => {
        byId('copy-link').textContent = 'Copy link to this view';
      }, 2500);
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(location.href).then(
        () => done('Link copied'),
        () => done('Copy the address bar: it holds this view'),
      );
    } else done('Copy the address bar: it holds this view');
  });
}
