/**
 * Headline cards: one per series, for its latest month in view with a figure, in the API's words. Only the first
 * few series get a card; the cards then say how many of how many they show.
 */
import type { Headline, Series } from '../api-types.ts';
import { seriesStyle, type Theme } from '../charts/theme.ts';
import { formatChange, formatMonthLong, formatMonthRuns, formatRecord, formatValue, seriesLabel } from '../format.ts';
import { formatSourceLine, sourceLines } from '../format-sources.ts';
import { el } from './dom.ts';

/** More cards than this push the chart's neighbours off screen; the table has every series. */
export const maxHeadlineCards = 6;

export interface HeadlineEntry {
  series: Series;
  headline: Headline | null;
  error: string | null;
}

function card(entry: HeadlineEntry, index: number, theme: Theme): HTMLElement {
  const { series, headline, error } = entry;
  const node = el('article', { class: 'card' });
  const style = seriesStyle(theme, index);
  node.style.setProperty('--card-color', style.color);
  if (style.dash.length > 0) node.classList.add('card-dashed');
  const label = seriesLabel(series);
  if (error !== null) {
    node.append(el('h3', {}, label), el('p', {}, error));
    return node;
  }
  if (headline === null) {
    node.append(
      el('h3', {}, label),
      el('p', { class: 'card-value' }, 'not reported'),
      el('p', { class: 'sentence' }, 'No month in this range has a figure.'),
    );
    return node;
  }
  const facts = el('dl');
  const fact = (term: string, value: string): void => {
    facts.append(el('dt', {}, term), el('dd', {}, value));
  };
  // Percent and amount together: the API rounds percentages, and 3 t after 29,607 t is "−100%" only rounded.
  fact('vs a year earlier', headline.yoy ? formatChange(headline.yoy, headline.unit) : 'n/a (not reported)');
  fact('vs the month before', headline.mom ? formatChange(headline.mom, headline.unit) : 'n/a (not reported)');
  const record = formatRecord(headline);
  if (record) fact(record[0], record[1]);
  node.append(
    el('h3', {}, `${label} · ${formatMonthLong(headline.month)}`),
    el(
      'p',
      { class: 'card-value' },
      `${formatValue(headline.value, headline.unit)}${headline.status === 'estimated' ? ' (estimated)' : ''}`,
    ),
    ...conflictNotice(headline),
    facts,
    el('p', { class: 'sentence' }, headline.sentence),
  );
  return node;
}

/**
 * When the card's own month, or a month it compares, has sources that disagree: a "≠" line naming the months, and
 * for its own month every source with its figure (docs/api.md: conflictMonths, otherSources).
 */
function conflictNotice(headline: Headline): HTMLElement[] {
  if (headline.conflictMonths.length === 0) return [];
  const own = headline.conflictMonths.includes(headline.month);
  const others = headline.conflictMonths.filter((month) => month !== headline.month);
  const parts = [
    own ? `Sources disagree for ${formatMonthLong(headline.month)}` : null,
    others.length > 0 ? `${own ? 'and for' : 'Sources disagree for'} ${formatMonthRuns(others)}, compared here` : null,
  ].filter((part): part is string => part !== null);
  const notice = el(
    'p',
    { class: 'card-conflict' },
    el('span', { class: 'conflict-badge' }, '\u2260'),
    ` ${parts.join(' ')}.`,
  );
  if (!own) return [notice];
  const lines = sourceLines(headline, headline.unit);
  return [notice, el('ul', { class: 'card-sources' }, ...lines.map((line) => el('li', {}, formatSourceLine(line))))];
}

/** `total`: how many series the chart has; when the cards show fewer, a line says "N of M". */
export function renderHeadlineCards(
  container: HTMLElement,
  entries: readonly HeadlineEntry[],
  total: number,
  theme: Theme,
): void {
  const cards = entries.map((entry, index) => card(entry, index, theme));
  const note =
    entries.length < total
      ? el(
          'p',
          { class: 'cards-note muted', id: 'cards-note' },
          `Latest month of ${entries.length} of ${total} series; every series is in the chart and the table.`,
        )
      : null;
  container.replaceChildren(...(note ? [note] : []), ...cards);
}
