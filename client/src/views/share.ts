/**
 * Sharing the view: the PNG downloads of the series and cap charts, and "Copy link to this view" (the address holds
 * the whole view, state.ts). The CSV link is set by main.ts with the chart's own query.
 */
import type { SeriesResponse } from '../api-types.ts';
import type { MonthChart } from '../charts/month-chart.ts';
import type { ViewState } from '../state.ts';
import { byId, el } from './dom.ts';

export interface SharingSources {
  live: HTMLElement;
  state: () => ViewState;
  seriesResponse: () => SeriesResponse | null;
  seriesChart: () => MonthChart | null;
  capChart: () => MonthChart | null;
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

function pngFooter(): string[] {
  return [
    "Tradeflow. Months not reported are gaps (dashed box, hatched band), never zero; each figure's source is in the CSV.",
    location.href,
  ];
}

export function wireSharing(sources: SharingSources): void {
  const { live } = sources;
  const failed = (error: unknown): void => {
    live.textContent = `The PNG could not be made: ${error instanceof Error ? error.message : String(error)}`;
  };
  byId('download-png').addEventListener('click', () => {
    const chart = sources.seriesChart();
    if (!chart || !sources.seriesResponse()) return;
    void chart
      .toPng(byId('series-title').textContent ?? 'Tradeflow', pngFooter())
      .then((blob) => download(blob, `${fileSlug(sources.state(), sources.seriesResponse())}.png`))
      .catch(failed);
  });
  byId('cap-png').addEventListener('click', () => {
    const chart = sources.capChart();
    if (!chart) return;
    void chart
      .toPng(byId('cap-title').textContent ?? 'Tradeflow', pngFooter())
      .then((blob) => download(blob, `tradeflow-cap-${sources.state().capYear}.png`))
      .catch(failed);
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
