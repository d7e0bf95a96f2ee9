/**
 * Events on the series chart: a dashed line each (chartjs-plugin-annotation), a short label above the plot
 * (charts/event-marks.ts), the whole title on hover or when the event's entry in the list has focus, and the list
 * under the chart. All in the neutral event ink, which is no series' colour (charts/theme.ts).
 */
import type { TradeEvent } from '../api-types.ts';
import type { LineAnnotation } from '../charts/month-chart.ts';
import { eventMarks, shortEventLabel } from '../charts/event-marks.ts';
import { eventPosition } from '../charts/series-model.ts';
import { eventColor, type Theme } from '../charts/theme.ts';
import { formatDate, sourceHost } from '../format.ts';
import { categoryLabel } from './controls.ts';
import { el, sourceLink } from './dom.ts';

// Moved beside the drawing of the labels (pure, and the server's preview image uses them); imported from here too.
export { eventMarks, shortEventLabel };

/** Long event titles wrapped for the hover label (Chart.js draws an array as lines). */
function wrap(text: string, width = 42): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface Highlight {
  current: () => number | null;
  set: (id: number | null) => void;
}

export function eventAnnotations(
  events: readonly TradeEvent[],
  labels: readonly string[],
  theme: Theme,
  highlight: Highlight,
): Record<string, LineAnnotation> {
  const annotations: Record<string, LineAnnotation> = {};
  for (const event of events) {
    const position = eventPosition(event.date, labels);
    if (position === null) continue;
    const color = eventColor(theme);
    annotations[`event-${event.id}`] = {
      type: 'line',
      xScaleID: 'x',
      xMin: position,
      xMax: position,
      borderColor: color,
      borderWidth: 1.5,
      borderDash: [5, 3],
      label: {
        display: () => highlight.current() === event.id,
        content: [`${formatDate(event.date)} · ${categoryLabel(event.category)}`, ...wrap(event.title)],
        position: 'end',
        backgroundColor: theme.background,
        color: theme.text,
        borderColor: color,
        borderWidth: 1,
        font: { family: theme.font, size: 12 },
        padding: 6,
        z: 10,
      },
      enter: ({ element }) => {
        highlight.set(event.id);
        if (element.label) element.label.options.display = true;
        return true;
      },
      leave: ({ element }) => {
        highlight.set(null);
        if (element.label) element.label.options.display = false;
        return true;
      },
    };
  }
  return annotations;
}

export function renderEventsList(
  list: HTMLElement,
  events: readonly TradeEvent[],
  handlers: { highlight: (id: number | null) => void; show: (event: TradeEvent) => void },
): void {
  if (events.length === 0) {
    list.replaceChildren(el('li', { class: 'muted' }, 'No events in this range for the chosen categories.'));
    return;
  }
  list.replaceChildren(
    ...events.map((event) => {
      const short = shortEventLabel(event);
      const button = el(
        'button',
        {
          type: 'button',
          'data-event-id': String(event.id),
          'aria-label': `${formatDate(event.date)}, ${categoryLabel(event.category)}: ${event.title}. Show on the chart.`,
        },
        el('span', { class: 'event-date' }, formatDate(event.date)),
        ' ',
        // The chart's label, where it is not simply the title's first words.
        ...(short.endsWith('…') || event.title.startsWith(short)
          ? []
          : [el('strong', { class: 'event-short' }, short), ' · ']),
        event.title,
      );
      button.addEventListener('focus', () => handlers.highlight(event.id));
      button.addEventListener('mouseenter', () => handlers.highlight(event.id));
      button.addEventListener('blur', () => handlers.highlight(null));
      button.addEventListener('mouseleave', () => handlers.highlight(null));
      button.addEventListener('click', () => handlers.show(event));
      const item = el('li', {}, button, el('span', { class: 'category' }, categoryLabel(event.category)));
      if (event.source)
        item.append(el('span', { class: 'event-source' }, sourceLink(event.source, sourceHost(event.source))));
      return item;
    }),
  );
}
