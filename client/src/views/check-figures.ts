/**
 * The "Check a claim" panel's content for one series: the stored figures of the month and its comparison months,
 * each with value, unit, status, sources, datasets and notes, then every published claim about the month with its
 * verdict. Text goes in through textContent (dom.ts); only http(s) addresses become links.
 */
import type { CheckedClaim, Series, SeriesPoint } from '../api-types.ts';
import { comparedMonths, describeClaim, verdictLabel, verdictSentence } from '../format-claims.ts';
import { formatMonthLong, formatStatus, formatValue, isHttpUrl, seriesLabel, sourceHost } from '../format.ts';
import { formatSourceLine, pointNotes, sourceLines } from '../format-sources.ts';
import { nameKeysIn } from '../labels.ts';
import { el, sourceLink } from './dom.ts';

function links(sources: readonly string[]): (Node | string)[] {
  const nodes: (Node | string)[] = [];
  sources.forEach((source, index) => {
    if (index > 0) nodes.push(', ');
    nodes.push(sourceLink(source, isHttpUrl(source) ? sourceHost(source) : source));
  });
  return nodes;
}

function field(label: string, ...value: (Node | string | null)[]): HTMLElement[] {
  return [el('dt', {}, label), el('dd', {}, ...value)];
}

/** One month's stored figure: "not in the data" when the series has no point for it (never a zero). */
function figureCard(role: string, period: string, point: SeriesPoint | undefined, unit: string): HTMLElement {
  const card = el('article', { class: 'check-figure', 'data-period': period });
  card.append(el('h4', {}, el('span', { class: 'muted' }, `${role}: `), formatMonthLong(period)));
  if (!point) {
    card.append(el('p', { class: 'not-reported' }, 'Not in the data: no figure is stored for this month.'));
    return card;
  }
  const reported = point.status !== 'not-reported';
  const value = el(
    'strong',
    { class: reported ? 'check-value' : 'check-value not-reported' },
    reported ? formatValue(point.value, unit) : 'not reported',
  );
  const list = el('dl', {});
  list.append(
    ...field(
      'Value',
      value,
      point.conflict ? el('span', { class: 'conflict-badge' }, ' \u2260 sources disagree') : null,
    ),
    ...field('Status', `${formatStatus(point.status)}${point.partial ? ', partial' : ''}`),
    ...field('Source', ...(point.sources.length > 0 ? links(point.sources) : ['none stored'])),
    ...field('Dataset', point.datasets.join(', ') || 'none'),
  );
  const notes = pointNotes(point).map(nameKeysIn);
  if (notes.length > 0)
    list.append(...field('Notes', ...notes.map((note) => el('span', { class: 'note-line' }, note))));
  const others = sourceLines(point, unit).slice(1);
  if (others.length > 0)
    list.append(
      ...field(
        'Other sources',
        ...others.map((line) =>
          el(
            'span',
            { class: 'source-line' },
            formatSourceLine(line),
            ...line.links.flatMap((href) => [' ', sourceLink(href, sourceHost(href))]),
            line.notes.length > 0 ? ` \u2014 ${line.notes.map(nameKeysIn).join('; ')}` : null,
          ),
        ),
      ),
    );
  card.append(list);
  return card;
}

/** One published claim: what it says, its words, the server's verdict and reason, and where it was published. */
export function claimItem(claim: CheckedClaim): HTMLElement {
  const verdict = verdictLabel(claim.verdict);
  return el(
    'li',
    { class: 'claim', 'data-verdict': claim.verdict, 'data-kind': claim.kind },
    el(
      'p',
      { class: 'claim-head' },
      el('span', { class: `verdict verdict-${claim.verdict}` }, verdict),
      ' ',
      describeClaim(claim),
    ),
    claim.quote ? el('blockquote', {}, `\u201c${claim.quote}\u201d`) : null,
    el('p', { class: 'claim-reason' }, verdictSentence(claim)),
    el(
      'p',
      { class: 'claim-source muted' },
      'Published in ',
      sourceLink(claim.source, isHttpUrl(claim.source) ? sourceHost(claim.source) : claim.source),
      claim.note ? `. ${claim.note}` : '',
    ),
  );
}

/** Everything the panel shows for one series and month. `claims` null: they could not be loaded (`claimsError`). */
export function renderCheckSeries(
  series: Series,
  month: string,
  claims: readonly CheckedClaim[] | null,
  claimsError: string | null,
): HTMLElement {
  const section = el('section', {
    class: 'check-series',
    'data-commodity': series.commodity,
    'data-reporter': series.reporter,
  });
  section.append(el('h3', {}, `${seriesLabel(series)}, ${formatMonthLong(month)}`));
  const figures = el('div', { class: 'check-figures' });
  for (const { period, role } of comparedMonths(month))
    figures.append(
      figureCard(
        role,
        period,
        series.points.find((point) => point.period === period),
        series.unit,
      ),
    );
  section.append(figures);
  section.append(el('h4', {}, `Published claims about ${formatMonthLong(month)}`));
  if (claims === null) section.append(el('p', { class: 'status', 'data-kind': 'error' }, claimsError ?? ''));
  else if (claims.length === 0)
    section.append(el('p', { class: 'muted' }, 'No published claim about this month is stored.'));
  else section.append(el('ul', { class: 'claims' }, ...claims.map(claimItem)));
  return section;
}
