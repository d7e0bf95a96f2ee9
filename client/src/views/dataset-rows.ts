/**
 * The rows browser of a dataset's page (issue 14): its stored rows a page at a time, filtered by months, commodity,
 * reporter and partner, each row with the file and line it was read from, so a reader can open the file at that
 * line and check it. The filters and the page live in the address (datasets-page.ts writes them).
 */
import { ApiError, getDatasetRows } from '../api.ts';
import type { DatasetRowsResponse } from '../api-types.ts';
import { explain, isAbort } from '../explain.ts';
import {
  cellText,
  columnInfo,
  emptyColumns,
  emptyFilters,
  rowsRangeText,
  type RowFilters,
} from '../format-datasets.ts';
import { byId, el, setStatus } from './dom.ts';

export const rowsPageSize = 100;
const filterKeys = Object.keys(emptyFilters) as (keyof RowFilters)[];

export interface RowsNavigation {
  /** New filters or another page: the page writes the address and calls load() again. */
  go: (filters: RowFilters, offset: number) => void;
}

export class RowsBrowser {
  private readonly form = byId<HTMLFormElement>('row-filters');
  private readonly status = byId('rows-status');
  private readonly range = byId('rows-range');
  private readonly empty = byId('rows-empty');
  private readonly table = byId('rows-table');
  private readonly previous = byId<HTMLButtonElement>('rows-prev');
  private readonly next = byId<HTMLButtonElement>('rows-next');
  private controller: AbortController | null = null;
  private filters: RowFilters = { ...emptyFilters };
  private offset = 0;
  private total = 0;

  constructor(navigation: RowsNavigation) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      navigation.go(this.readForm(), 0);
    });
    byId('rows-clear').addEventListener('click', () => navigation.go({ ...emptyFilters }, 0));
    this.previous.addEventListener('click', () => navigation.go(this.filters, Math.max(0, this.offset - rowsPageSize)));
    this.next.addEventListener('click', () => navigation.go(this.filters, this.offset + rowsPageSize));
  }

  private field(key: keyof RowFilters): HTMLInputElement {
    return byId<HTMLInputElement>(`filter-${key}`);
  }

  private readForm(): RowFilters {
    const filters = { ...emptyFilters };
    for (const key of filterKeys) filters[key] = this.field(key).value.trim();
    return filters;
  }

  private writeForm(filters: RowFilters): void {
    for (const key of filterKeys) {
      this.field(key).value = filters[key];
      this.field(key).removeAttribute('aria-invalid');
    }
  }

  /** Fetches and draws one page of rows; a newer call cancels an older one still in flight. */
  async load(name: string, filters: RowFilters, offset: number): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.filters = filters;
    this.offset = offset;
    this.writeForm(filters);
    setStatus(this.status, 'loading', 'Loading the rows…');
    this.previous.disabled = true;
    this.next.disabled = true;
    try {
      const response = await getDatasetRows(name, filters, { offset, limit: rowsPageSize }, controller.signal);
      if (controller.signal.aborted) return;
      setStatus(this.status, null);
      this.render(response);
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return;
      this.range.textContent = '';
      this.empty.textContent = '';
      this.table.replaceChildren();
      // A filter the server refused is marked on its field, as the dashboard marks a bad month.
      if (error instanceof ApiError && error.parameter && filterKeys.includes(error.parameter as keyof RowFilters))
        this.field(error.parameter as keyof RowFilters).setAttribute('aria-invalid', 'true');
      setStatus(this.status, 'error', explain(error, 'the rows'));
    }
  }

  private render(response: DatasetRowsResponse): void {
    this.total = response.total;
    const filtered = filterKeys.some((key) => this.filters[key] !== '');
    this.range.textContent = rowsRangeText(response.offset, response.rows.length, response.total, filtered);
    this.previous.disabled = response.offset === 0;
    this.next.disabled = response.offset + response.rows.length >= this.total;
    if (response.rows.length === 0) {
      this.table.replaceChildren();
      this.empty.textContent = '';
      return;
    }
    // File and line first, whatever the dataset's kind; then the fields that kind stores.
    const all = response.columns.map(columnInfo).filter((c) => c.key !== 'file' && c.key !== 'line');
    const empty = new Set(
      emptyColumns(
        all.map((c) => c.key),
        response.rows,
      ),
    );
    const columns = all.filter((c) => !empty.has(c.key));
    this.empty.textContent =
      empty.size === 0
        ? ''
        : `Empty on every row shown, so left out: ${all
            .filter((c) => empty.has(c.key))
            .map((c) => c.label)
            .join(', ')}.`;
    const numeric = new Set(
      columns.filter((c) => response.rows.some((row) => typeof row[c.key] === 'number')).map((c) => c.key),
    );
    const head = el(
      'tr',
      {},
      el('th', { scope: 'col' }, 'File'),
      el('th', { scope: 'col', class: 'num' }, 'Line'),
      ...columns.map((c) => el('th', { scope: 'col', class: numeric.has(c.key) ? 'num' : undefined }, c.label)),
    );
    const body = response.rows.map((row) =>
      el(
        'tr',
        { 'data-line': String(row.line) },
        el('td', { class: 'file-name' }, row.file),
        el('td', { class: 'num' }, String(row.line)),
        ...columns.map((c) => {
          const text = cellText(row[c.key]);
          // A source address or a note wraps in a column of its own width; short fields stay on one line.
          const kind = numeric.has(c.key) ? 'num' : text.length > 40 ? 'long' : undefined;
          return el('td', { class: kind }, text);
        }),
      ),
    );
    this.table.replaceChildren(
      el(
        'table',
        { class: 'rows-table' },
        el('caption', { class: 'visually-hidden' }, this.range.textContent),
        el('thead', {}, head),
        el('tbody', {}, ...body),
      ),
    );
  }
}
