/** "Show the numbers as a table": every month of every series, its status, changes and sources. */
import type { Series } from '../api-types.ts';
import { statusAt, type SeriesModel } from '../charts/series-model.ts';
import { formatChangeShort, formatMonth, formatStatus, formatValue, seriesLabel } from '../format.ts';
import { isMonth } from '../state.ts';
import { checkLink } from './check-link.ts';
import { el, sourceLink } from './dom.ts';
import { notesCell, otherSourcesCell, sourcesCell } from './point-sources.ts';

export function renderSeriesTable(
  container: HTMLElement,
  model: SeriesModel,
  series: readonly Series[],
  title: string,
): void {
  const first = model.labels[0] ?? '';
  const last = model.labels[model.labels.length - 1] ?? '';
  const caption = el('caption', {}, `${title}, ${formatMonth(first)} to ${formatMonth(last)}`);
  const groupRow = el('tr', {}, el('td', {}));
  const headRow = el('tr', {}, el('th', { scope: 'col' }, 'Month'));
  model.datasets.forEach((dataset) => {
    groupRow.append(el('th', { scope: 'colgroup', colspan: '7' }, dataset.label));
    headRow.append(
      el('th', { scope: 'col', class: 'num' }, `Value (${dataset.unit === 'usd' ? 'US$' : dataset.unit})`),
      el('th', { scope: 'col' }, 'Other sources'),
      el('th', { scope: 'col' }, 'Status'),
      el('th', { scope: 'col', class: 'num' }, 'Month over month'),
      el('th', { scope: 'col', class: 'num' }, 'Year over year'),
      el('th', { scope: 'col' }, 'Source'),
      el('th', { scope: 'col' }, 'Note'),
    );
  });
  const body = el('tbody');
  model.labels.forEach((period, index) => {
    const row = el('tr', { 'data-period': period }, el('th', { scope: 'row' }, formatMonth(period)));
    // Monthly rows only: a claim is about a month, and a yearly point has no month before to compare with.
    if (isMonth(period))
      row.firstElementChild?.append(' ', checkLink(period, 'Check', `Check this month: ${formatMonth(period)}`));
    for (const dataset of model.datasets) {
      const point = dataset.points[index] ?? null;
      const status = statusAt(dataset, index);
      if (!point || status === 'not-reported') {
        row.append(
          el('td', { class: 'num not-reported' }, 'not reported'),
          point ? otherSourcesCell(point, dataset.unit) : el('td', {}),
          el('td', { class: 'not-reported' }, 'not reported'),
          el('td', { class: 'num' }, 'n/a'),
          el('td', { class: 'num' }, 'n/a'),
          point ? sourcesCell(point) : el('td', {}),
          point ? notesCell(point) : el('td', {}),
        );
        continue;
      }
      row.append(
        el(
          'td',
          { class: point.conflict ? 'num conflict' : 'num' },
          formatValue(point.value, dataset.unit).replace(/ (t|kg|bbl)$/, ''),
          point.conflict ? el('span', { class: 'conflict-mark', title: 'sources disagree' }, ' \u2260') : null,
        ),
        otherSourcesCell(point, dataset.unit),
        el(
          'td',
          {},
          formatStatus(status),
          point.partial
            ? el('span', { class: 'partial-badge', title: point.note ?? 'a sum of the parts published' }, ' partial')
            : null,
        ),
        el('td', { class: 'num' }, formatChangeShort(point.change.mom, dataset.unit)),
        el('td', { class: 'num' }, formatChangeShort(point.change.yoy, dataset.unit)),
        sourcesCell(point),
        notesCell(point),
      );
    }
    body.append(row);
  });
  const conversions = series.filter((s) => s.conversion !== null);
  container.replaceChildren(
    el('table', {}, caption, el('thead', {}, ...(model.datasets.length > 1 ? [groupRow] : []), headRow), body),
    ...conversions.map((s) =>
      el(
        'p',
        { class: 'muted' },
        `${seriesLabel(s)}: converted ${s.conversion?.applied ?? ''} at ${s.conversion?.barrelsPerTonne ?? ''} barrels per tonne (`,
        sourceLink(s.conversion?.source ?? '', s.conversion?.source ?? ''),
        ').',
      ),
    ),
  );
}
