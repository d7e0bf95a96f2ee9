/** The month tooltip as HTML (read by screen readers, unlike Chart.js's canvas tooltip), and as one sentence. */
import { isHttpUrl, sourceHost } from '../format.ts';
import { checkLink } from '../views/check-link.ts';
import type { TooltipContent, TooltipDetail } from './month-chart-types.ts';

/** A detail line; its addresses become links (http(s) only: any other text stays text, never a link). */
function detailNode(detail: string | TooltipDetail): HTMLElement {
  const line = document.createElement('span');
  line.className = 'tooltip-detail';
  if (typeof detail === 'string') {
    line.textContent = detail;
    return line;
  }
  line.textContent = detail.text;
  if (detail.title) line.title = detail.title;
  detail.links.filter(isHttpUrl).forEach((href, index) => {
    line.append(index === 0 ? ' ' : ', ');
    const link = document.createElement('a');
    link.href = href;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    link.textContent = sourceHost(href);
    line.append(link);
  });
  return line;
}

/** `pinned`: kept open by a click, so its links can be reached; otherwise a line says how to keep it open. */
export function renderTooltip(target: HTMLElement, content: TooltipContent, pinned = false): void {
  const title = document.createElement('p');
  title.className = 'tooltip-title';
  title.textContent = content.title;
  const list = document.createElement('ul');
  for (const row of content.rows) {
    const item = document.createElement('li');
    if (row.color) {
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = row.color;
      item.append(swatch);
    }
    const label = document.createElement('span');
    label.className = 'tooltip-label';
    label.textContent = `${row.label}: `;
    const value = document.createElement('strong');
    value.textContent = row.value;
    item.append(label, value);
    if (row.conflict) {
      const badge = document.createElement('span');
      badge.className = 'conflict-badge';
      badge.textContent = '\u2260 sources disagree';
      item.append(' ', badge);
    }
    for (const detail of row.details) item.append(detailNode(detail));
    list.append(item);
  }
  const notes = content.notes.map((note) => {
    const p = document.createElement('p');
    p.className = 'tooltip-note';
    p.textContent = note;
    return p;
  });
  target.replaceChildren(title, list, ...notes);
  // Only once pinned: a link under a tooltip that follows the pointer could never be reached.
  if (pinned && content.check) {
    const check = document.createElement('p');
    check.className = 'tooltip-check';
    check.append(checkLink(content.check, 'Check this month'));
    target.append(check);
  }
  if (!pinned && (target.querySelector('a') !== null || content.check)) {
    const hint = document.createElement('p');
    hint.className = 'tooltip-hint';
    hint.textContent = content.check
      ? 'Click the month to keep this open, follow a source link or check this month.'
      : 'Click the month to keep this open and follow a source link.';
    target.append(hint);
  }
}

function detailText(detail: string | TooltipDetail): string {
  if (typeof detail === 'string') return detail;
  const links = detail.links.filter(isHttpUrl).map(sourceHost);
  return links.length > 0 ? `${detail.title ?? detail.text} ${links.join(', ')}` : (detail.title ?? detail.text);
}

/** The tooltip as one sentence-like string, for the screen reader's live region. */
export function tooltipText(content: TooltipContent): string {
  const rows = content.rows.map((row) =>
    [`${row.label}: ${row.value}${row.conflict ? ' (sources disagree)' : ''}`, ...row.details.map(detailText)].join(
      ', ',
    ),
  );
  return [content.title, ...rows, ...content.notes].join('. ');
}
