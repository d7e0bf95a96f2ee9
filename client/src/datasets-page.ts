/**
 * The datasets page (issue 14), in the spirit of Datasette: every imported dataset with its provenance (file,
 * format, SHA-256, rows, when, what it covers, where it is from); `?name=` opens one dataset: its facts, the
 * original file to download when the server still has it, its rows with the file and line of each, and its
 * versions with what each changed. As on the dashboard, the address is the state: filters and page are in it.
 */
import { datasetFileUrl, getDataset, getDatasets } from './api.ts';
import type { DatasetInfo } from './api-types.ts';
import { explain } from './explain.ts';
import {
  count,
  coverageParts,
  emptyFilters,
  formatImportedAt,
  parseDatasetView,
  serializeDatasetView,
  shortSha,
  type DatasetView,
  type RowFilters,
} from './format-datasets.ts';
import { exposeIdle, track } from './page-idle.ts';
import { RowsBrowser } from './views/dataset-rows.ts';
import { renderVersions } from './views/dataset-versions.ts';
import { byId, el, setStatus, sourceLink } from './views/dom.ts';

let view: DatasetView = parseDatasetView(location.search).view;

/**
 * The hash's first characters with the whole of it on hover, and a button that copies the whole. Without a
 * clipboard (plain http on an intranet name is not a secure context) the button selects it for Ctrl+C instead.
 */
function shaCell(sha256: string): HTMLElement {
  const code = el('code', { class: 'sha', title: sha256 }, shortSha(sha256));
  const button = el(
    'button',
    { type: 'button', class: 'secondary copy', 'aria-label': `Copy the SHA-256 ${sha256}` },
    'Copy',
  );
  button.addEventListener('click', () => {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(sha256).then(
        () => (button.textContent = 'Copied'),
        () => selectWhole(code, sha256),
      );
    } else selectWhole(code, sha256);
  });
  return el('span', { class: 'sha-cell' }, code, ' ', button);
}

function selectWhole(code: HTMLElement, sha256: string): void {
  code.textContent = sha256;
  getSelection()?.selectAllChildren(code);
}

function sourceNode(source: string): Node | string {
  return source.trim() === '' ? '—' : sourceLink(source, source);
}

/** Coverage in two unbreakable halves: "12 series × 96 months" and "(Jan 2010 – Dec 2017)". */
function coverageNode(dataset: DatasetInfo): HTMLElement {
  const [size, range] = coverageParts(dataset.coverage);
  return el(
    'span',
    {},
    el('span', { class: 'nowrap' }, size),
    range ? ' ' : null,
    range ? el('span', { class: 'nowrap' }, range) : null,
  );
}

function datasetHref(name: string): string {
  return `?${serializeDatasetView({ name, filters: emptyFilters, offset: 0 })}`;
}

function renderList(datasets: readonly DatasetInfo[]): void {
  const target = byId('datasets-table');
  if (datasets.length === 0) {
    setStatus(
      byId('list-status'),
      'empty',
      'No dataset is imported yet. Upload a file, or import one from the command line.',
    );
    target.replaceChildren();
    return;
  }
  const headings = ['Dataset and file', 'Format', 'SHA-256', 'Rows', 'Imported', 'Coverage', 'Versions', 'Source'];
  const numeric = new Set(['Rows', 'Versions']);
  const rows = datasets.map((d) =>
    el(
      'tr',
      { 'data-name': d.name },
      el(
        'th',
        { scope: 'row', class: 'dataset-name' },
        el('a', { href: datasetHref(d.name) }, d.name),
        el('span', { class: 'file-name muted' }, d.fileName),
      ),
      el('td', {}, d.format),
      el('td', {}, shaCell(d.sha256)),
      el('td', { class: 'num' }, d.rowCount.toLocaleString('en-US')),
      el('td', { class: 'imported' }, formatImportedAt(d.importedAt)),
      el('td', {}, coverageNode(d)),
      el('td', { class: 'num' }, String(d.versionCount)),
      el('td', { class: 'source' }, sourceNode(d.sourceDescription)),
    ),
  );
  target.replaceChildren(
    el(
      'table',
      { class: 'datasets-table' },
      el('caption', { class: 'visually-hidden' }, `${count(datasets.length, 'dataset')} imported`),
      el(
        'thead',
        {},
        el('tr', {}, ...headings.map((h) => el('th', { scope: 'col', class: numeric.has(h) ? 'num' : undefined }, h))),
      ),
      el('tbody', {}, ...rows),
    ),
  );
}

async function showList(): Promise<void> {
  byId('list-panel').hidden = false;
  setStatus(byId('list-status'), 'loading', 'Loading the datasets…');
  try {
    const { datasets } = await getDatasets();
    setStatus(byId('list-status'), null);
    renderList(datasets);
  } catch (error) {
    setStatus(byId('list-status'), 'error', explain(error, 'the datasets'));
  }
}

function fact(term: string, ...value: (Node | string)[]): HTMLElement[] {
  return [el('dt', {}, term), el('dd', {}, ...value)];
}

function renderFacts(dataset: DatasetInfo): void {
  byId('dataset-title').textContent = dataset.name;
  document.title = `${dataset.name} · Datasets · Tradeflow`;
  byId('dataset-facts').replaceChildren(
    ...fact('File', el('span', { class: 'file-name' }, dataset.fileName)),
    ...fact('Format', dataset.format),
    ...fact('SHA-256', shaCell(dataset.sha256)),
    ...fact('Rows', dataset.rowCount.toLocaleString('en-US')),
    ...fact('Imported', formatImportedAt(dataset.importedAt)),
    ...fact('Coverage', coverageNode(dataset)),
    ...fact('Versions', String(dataset.versionCount)),
    ...fact('Source', sourceNode(dataset.sourceDescription)),
  );
  const file = byId('dataset-file');
  // The server offers the file only while it has it and its SHA-256 still matches (fileAvailable).
  file.replaceChildren(
    dataset.fileAvailable === true
      ? el(
          'a',
          { class: 'button', id: 'download-original', href: datasetFileUrl(dataset.name), download: dataset.fileName },
          `Download the original file (${dataset.fileName})`,
        )
      : el(
          'span',
          { class: 'muted' },
          'The original file is not kept on the server (imported before uploads were kept, or moved since).',
        ),
  );
}

let rows: RowsBrowser | null = null;

/** A new view from the rows browser: address first, then only the rows are fetched again. */
function goRows(filters: RowFilters, offset: number): void {
  view = { ...view, filters, offset };
  const url = `${location.pathname}?${serializeDatasetView(view)}`;
  if (url !== `${location.pathname}${location.search}`) history.pushState(null, '', url);
  if (view.name !== null && rows) void track(rows.load(view.name, view.filters, view.offset));
}

async function showDataset(name: string): Promise<void> {
  for (const id of ['dataset-panel', 'rows-panel', 'versions-panel']) byId(id).hidden = false;
  byId('dataset-title').textContent = name;
  const status = byId('dataset-status');
  setStatus(status, 'loading', 'Loading the dataset…');
  rows = new RowsBrowser({ go: goRows });
  void track(rows.load(name, view.filters, view.offset));
  try {
    const detail = await getDataset(name);
    setStatus(status, null);
    renderFacts(detail.dataset);
    renderVersions(byId('versions-list'), detail.versions);
  } catch (error) {
    setStatus(status, 'error', explain(error, `the dataset “${name}”`));
    byId('versions-list').replaceChildren();
  }
}

function start(): void {
  exposeIdle();
  const parsed = parseDatasetView(location.search);
  view = parsed.view;
  if (parsed.ignored.length > 0) {
    const notice = byId('notice');
    notice.hidden = false;
    notice.textContent = `Some settings in the link were not understood and were left out: ${parsed.ignored.join('; ')}.`;
  }
  if (view.name === null) void track(showList());
  else void track(showDataset(view.name));
  window.addEventListener('popstate', () => {
    const next = parseDatasetView(location.search).view;
    // Back to the list, or to another dataset: a page of its own.
    if (next.name !== view.name) return location.reload();
    view = next;
    if (view.name !== null && rows) void track(rows.load(view.name, view.filters, view.offset));
  });
}

start();
