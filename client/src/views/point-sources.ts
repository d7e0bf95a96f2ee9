/**
 * Where one point's figure comes from, for the tooltip and the table: its sources as links, every other dataset's
 * own figure for the month with "agrees"/"differs", and the published rows' notes (issue 12, items 2 to 4).
 */
import type { SeriesPoint } from '../api-types.ts';
import type { TooltipDetail } from '../charts/month-chart-types.ts';
import { formatChange, formatStatus, isHttpUrl, sourceHost } from '../format.ts';
import { alsoReportedBy, formatSourceLine, pointNotes, shortenNote, sourceLines } from '../format-sources.ts';
import { nameKeysIn } from '../labels.ts';
import { el, sourceLink } from './dom.ts';

/** The tooltip lines of a point with a figure: status, changes, notes, then its sources. */
export function pointTooltipDetails(point: SeriesPoint, unit: string): (string | TooltipDetail)[] {
  const details: (string | TooltipDetail)[] = [
    `Status: ${formatStatus(point.status)}${point.partial ? ', partial' : ''}`,
    `Month over month: ${formatChange(point.change.mom, unit)}`,
    `Year over year: ${formatChange(point.change.yoy, unit)}`,
  ];
  for (const note of pointNotes(point)) {
    const text = nameKeysIn(note);
    details.push({ text: `Note: ${shortenNote(text, 120)}`, links: [], title: text });
  }
  const lines = sourceLines(point, unit);
  if (lines.length === 0) {
    if (point.sources.length > 0) details.push({ text: 'Source:', links: point.sources });
    return details;
  }
  details.push(alsoReportedBy(point) ?? `Sources (${lines.length}):`);
  for (const line of lines) {
    details.push({ text: formatSourceLine(line), links: line.links });
    // The shown figure's notes are above; another dataset's own notes say what that report claims.
    const notes = line.agreement === 'used' ? '' : line.notes.map(nameKeysIn).join('; ');
    if (notes) details.push({ text: `\u2003${shortenNote(notes, 100)}`, links: [], title: notes });
  }
  return details;
}

/** Addresses as links, separated by commas; a citation that is not an address stays text. */
function linkList(sources: readonly string[]): (Node | string)[] {
  const nodes: (Node | string)[] = [];
  sources.forEach((source, index) => {
    if (index > 0) nodes.push(', ');
    nodes.push(sourceLink(source, isHttpUrl(source) ? sourceHost(source) : source));
  });
  return nodes;
}

/** The table's source cell: the figure's own sources. */
export function sourcesCell(point: SeriesPoint): HTMLElement {
  return el('td', {}, ...linkList(point.sources));
}

/**
 * The table's "other sources" cell, beside the value: each other dataset's figure, whether it agrees, its links.
 * Empty when the month has one source.
 */
export function otherSourcesCell(point: SeriesPoint, unit: string): HTMLElement {
  const lines = sourceLines(point, unit).slice(1);
  const cell = el('td', { class: point.conflict ? 'other-sources conflict' : 'other-sources' });
  if (point.conflict) cell.append(el('span', { class: 'conflict-badge' }, '\u2260 sources disagree'));
  for (const line of lines) {
    const links = line.links.flatMap((href, index) => [index === 0 ? ' ' : ', ', sourceLink(href, sourceHost(href))]);
    const notes = line.notes.map(nameKeysIn).join('; ');
    cell.append(el('span', { class: 'source-line' }, formatSourceLine(line), ...links));
    if (notes) cell.append(el('span', { class: 'source-line muted', title: notes }, shortenNote(notes, 60)));
  }
  return cell;
}

/** The table's note cell: each note shortened, the whole text in its title and a disclosure when cut. */
export function notesCell(point: SeriesPoint): HTMLElement {
  const cell = el('td', { class: 'note' });
  for (const note of pointNotes(point)) {
    const text = nameKeysIn(note);
    const short = shortenNote(text);
    cell.append(
      short === text
        ? el('span', { class: 'note-line' }, text)
        : el('details', { class: 'note-line', title: text }, el('summary', {}, short), text),
    );
  }
  return cell;
}
