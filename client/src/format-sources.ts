/**
 * Pure formatting of where a figure comes from: every dataset's own figure for a month, whether it agrees with the
 * one shown, and the published rows' notes (docs/api.md, "Several sources for one month"). Kept apart from
 * format.ts, which formats the numbers themselves. Table tests: tests/unit/client-format-sources.test.ts.
 */
import type { PointStatus, SeriesPoint } from './api-types.ts';
import { formatStatus, formatValue, isHttpUrl } from './format.ts';

/** One dataset's figure for a month, as the tooltip and the table list it. */
export interface SourceLine {
  dataset: string;
  /** "700 t", "not reported". */
  value: string;
  status: string;
  /** "used" for the figure shown; "agrees" / "differs" for the others; "no figure to compare" when either has none. */
  agreement: 'used' | 'agrees' | 'differs' | 'no figure to compare';
  /** Only http(s) addresses: anything else is not a place a reader can open, and is never made a link. */
  links: string[];
  notes: string[];
}

export function agreementLabel(agrees: boolean | null): SourceLine['agreement'] {
  if (agrees === null) return 'no figure to compare';
  return agrees ? 'agrees' : 'differs';
}

/**
 * Every source of a point, the one shown first: "second-report: 700 t (reported, used)", then each other dataset
 * with its own figure. Empty when the point has a single source (nothing to compare).
 */
export function sourceLines(
  point: Pick<SeriesPoint, 'value' | 'status' | 'datasets' | 'otherSources' | 'sources' | 'notes'>,
  unit: string,
): SourceLine[] {
  if (point.otherSources.length === 0) return [];
  const shown: SourceLine = {
    dataset: point.datasets.join(', ') || 'shown',
    value: formatValue(point.status === 'not-reported' ? null : point.value, unit),
    status: formatStatus(point.status),
    agreement: 'used',
    links: point.sources.filter(isHttpUrl),
    notes: point.notes,
  };
  return [
    shown,
    ...point.otherSources.map((other): SourceLine => ({
      dataset: other.dataset,
      value: formatValue(other.status === 'not-reported' ? null : other.value, unit),
      status: formatStatus(other.status as PointStatus),
      agreement: agreementLabel(other.agrees),
      links: other.sources.filter(isHttpUrl),
      notes: other.notes,
    })),
  ];
}

/** "second-report-nov-2017: 700 t (reported; used)": one source line as text (tooltip, table, screen reader). */
export function formatSourceLine(line: SourceLine): string {
  return `${line.dataset}: ${line.value} (${line.status}; ${line.agreement})`;
}

/**
 * "Also reported by a, b (agrees)": the other datasets whose figure agrees, when none differs. null when there is
 * no other source, or one differs (then every source is listed instead).
 */
export function alsoReportedBy(point: Pick<SeriesPoint, 'otherSources' | 'conflict'>): string | null {
  if (point.conflict) return null;
  const agreeing = point.otherSources.filter((other) => other.agrees === true).map((other) => other.dataset);
  if (agreeing.length === 0) return null;
  return `Also reported by ${agreeing.join(', ')} (agrees)`;
}

/** A note cut at a word boundary to at most `max` characters, with "…"; the whole text goes in a title or details. */
export function shortenNote(text: string, max = 80): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  // A space at index max - 1 still leaves room for the ellipsis: the word before it is whole.
  const space = clean.slice(0, max).lastIndexOf(' ');
  const cut = space > max / 2 ? clean.slice(0, space) : clean.slice(0, max - 1);
  return `${cut.replace(/[\s,;:.]+$/, '')}…`;
}

/** The notes of a point, deduplicated, in order: the published rows' own notes, then why it is partial. */
export function pointNotes(point: Pick<SeriesPoint, 'notes' | 'note'>): string[] {
  const all = [...point.notes, ...(point.note ? [point.note] : [])];
  return [...new Set(all.map((note) => note.trim()).filter((note) => note.length > 0))];
}
