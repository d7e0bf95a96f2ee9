/**
 * The cap panel's per-reporter totals for the year (`/api/cap` reporterTotals, issue 12 item 5): a list under the
 * summary, a totals row at the foot of the table, and each month's sources as links.
 */
import type { CapResponse } from '../api-types.ts';
import { formatReporterTotal } from '../format-cap.ts';
import { formatShare, formatValue, isHttpUrl, sourceHost } from '../format.ts';
import { el, sourceLink } from './dom.ts';

/** Addresses as links (their host as text), anything else as text; repeats dropped. */
function links(sources: readonly string[]): (Node | string)[] {
  const nodes: (Node | string)[] = [];
  [...new Set(sources.filter((source) => source !== ''))].forEach((source, index) => {
    if (index > 0) nodes.push(', ');
    nodes.push(sourceLink(source, isHttpUrl(source) ? sourceHost(source) : source));
  });
  return nodes;
}

export function sourcesCell(sources: readonly string[]): HTMLElement {
  return el('td', { class: 'sources' }, ...links(sources));
}

export function reporterTotalsList(response: CapResponse): HTMLElement {
  return el(
    'ul',
    { class: 'reporter-totals', 'aria-label': `Per reporter, ${response.year}` },
    ...response.reporterTotals.map((total) =>
      el(
        'li',
        { 'data-reporter': total.reporter },
        `${formatReporterTotal(total)}. `,
        ...(total.sources.length > 0 ? ['Sources: ', ...links(total.sources)] : []),
      ),
    ),
  );
}

/** The table's foot: the year's total per reporter (notified months, barrels and share), and the whole year. */
export function totalsFooter(response: CapResponse, reporters: readonly string[]): HTMLElement {
  const row = el('tr', { class: 'totals' }, el('th', { scope: 'row' }, `Total ${response.year}`));
  for (const reporter of reporters) {
    const total = response.reporterTotals.find((entry) => entry.reporter === reporter);
    const months = total?.months.length ?? 0;
    row.append(
      el('td', { class: 'num' }, `${months} month${months === 1 ? '' : 's'}`),
      el(
        'td',
        { class: 'num' },
        total?.barrels === null || total === undefined
          ? 'nothing notified'
          : `${formatValue(total.barrels, 'bbl')}${total.shareOfCap === null ? '' : ` (${formatShare(total.shareOfCap)})`}`,
      ),
    );
  }
  row.append(
    el(
      'td',
      { class: 'num' },
      response.totalBarrels === null
        ? 'n/a'
        : `${formatValue(response.totalBarrels, 'bbl')}${response.shareOfCap === null ? '' : ` (${formatShare(response.shareOfCap)} of the cap)`}`,
    ),
    el('td', {}),
    // Every month's sources are in its row and in the list above the chart: not repeated here.
    el('td', {}),
  );
  return el('tfoot', {}, row);
}
