/** The month tooltip as HTML (read by screen readers, unlike Chart.js's canvas tooltip), and as one sentence. */
import type { TooltipContent } from './month-chart-types.ts';

export function renderTooltip(target: HTMLElement, content: TooltipContent): void {
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
    for (const detail of row.details) {
      const line = document.createElement('span');
      line.className = 'tooltip-detail';
      line.textContent = detail;
      item.append(line);
    }
    list.append(item);
  }
  const notes = content.notes.map((note) => {
    const p = document.createElement('p');
    p.className = 'tooltip-note';
    p.textContent = note;
    return p;
  });
  target.replaceChildren(title, list, ...notes);
}

/** The tooltip as one sentence-like string, for the screen reader's live region. */
export function tooltipText(content: TooltipContent): string {
  const rows = content.rows.map((row) => [`${row.label}: ${row.value}`, ...row.details].join(', '));
  return [content.title, ...rows, ...content.notes].join('. ');
}
