/**
 * Reads a CSV header and decides the format: the header must hold every required column of the format and no
 * column the format does not know. An unrecognised header is an error that lists what each format expects.
 */
import type { ColumnInfo } from './record-reader.ts';
import type { Problem } from './problems.ts';
import type { AnyFormat } from './formats/format.ts';

export interface Header {
  /** Column name → its position and options, in file order. */
  columns: Map<string, ColumnInfo>;
  /** Names by position (index 0 = column 1); '' for an ignored trailing empty column. */
  names: string[];
}

const thousandsSuffix = ':thousands';

/** `positional` false: the names are a JSON record's keys, which have no column number (json-source.ts). */
export function readHeader(
  fields: readonly string[],
  line: number,
  positional = true,
): { header: Header; problems: Problem[] } {
  const problems: Problem[] = [];
  const names = fields.map((field) => field.trim());
  // A trailing comma on the header line (spreadsheet exports) makes an empty last column: ignore it.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const columns = new Map<string, ColumnInfo>();
  const plainNames = names.map((raw, index) => {
    const thousands = raw.endsWith(thousandsSuffix);
    const name = thousands ? raw.slice(0, -thousandsSuffix.length) : raw;
    if (name === '') {
      problems.push({ line, column: index + 1, code: 'MISSING_COLUMN', message: 'a header cell is empty' });
    } else if (columns.has(name)) {
      problems.push({ line, column: index + 1, code: 'DUPLICATE_COLUMN', message: `column "${name}" appears twice` });
    } else {
      columns.set(name, { index, number: positional ? index + 1 : undefined, thousands });
    }
    return name;
  });
  return { header: { columns, names: plainNames }, problems };
}

function fit(format: AnyFormat, header: Header): { missing: string[]; unknown: string[] } {
  const known = new Set(format.columns.map((column) => column.name));
  const missing = format.columns.filter((c) => c.required && !header.columns.has(c.name)).map((c) => c.name);
  const unknown = format.acceptsUnknownColumns ? [] : [...header.columns.keys()].filter((name) => !known.has(name));
  return { missing, unknown };
}

/** Past this many names, a list in a message is cut short (Comtrade's headers have 35 and 47 columns). */
const maxNamesShown = 12;

function listNames(names: readonly string[]): string {
  return names.length <= maxNamesShown
    ? names.join(',')
    : `${names.slice(0, maxNamesShown).join(',')},… (${names.length} in all)`;
}

function describeExpected(format: AnyFormat): string {
  const required = format.columns.filter((c) => c.required).map((c) => c.name);
  const optional = format.columns.filter((c) => !c.required).map((c) => c.name);
  return `${format.name}: ${listNames(required)}${optional.length ? ` [optional: ${listNames(optional)}]` : ''}`;
}

/**
 * The one format this header fits, or problems. With `forced`, only that format is tried and its misfit is
 * reported column by column.
 */
export function detectFormat(
  header: Header,
  candidates: readonly AnyFormat[],
  line: number,
  forced?: AnyFormat,
): { format?: AnyFormat; problems: Problem[] } {
  const tried = forced ? [forced] : candidates;
  const fits = tried.map((format) => ({ format, ...fit(format, header) }));
  const matching = fits.filter((f) => f.missing.length === 0 && f.unknown.length === 0);
  if (matching.length >= 1 && matching[0]) return { format: matching[0].format, problems: [] };

  // The closest format explains the error best: fewest missing required columns, then fewest unknown ones.
  const closest = [...fits].sort(
    (a, b) => a.missing.length - b.missing.length || a.unknown.length - b.unknown.length,
  )[0];
  const problems: Problem[] = [];
  if (forced && closest) {
    for (const name of closest.missing) {
      problems.push({ line, code: 'MISSING_COLUMN', message: `format ${forced.name} needs a "${name}" column` });
    }
    for (const name of closest.unknown) {
      const column = header.columns.get(name)?.number;
      problems.push({
        line,
        column,
        code: 'UNKNOWN_COLUMN',
        message: `"${name}" is not a column of format ${forced.name}`,
      });
    }
    return { problems };
  }
  const closestHint =
    closest && closest.missing.length < closest.format.columns.filter((c) => c.required).length
      ? ` Closest: ${closest.format.name}${closest.missing.length ? `, missing ${closest.missing.join(', ')}` : ''}${
          closest.unknown.length ? `, unknown ${closest.unknown.join(', ')}` : ''
        }.`
      : '';
  problems.push({
    line,
    code: 'UNKNOWN_FORMAT',
    message:
      `the header (${listNames(header.names)}) matches no known format.${closestHint} ` +
      `Expected one of: ${tried.map(describeExpected).join(' | ')}`,
  });
  return { problems };
}
