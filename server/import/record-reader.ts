/**
 * Reads typed values out of one raw record and turns every failure into a Problem with line and column.
 * Formats (`formats/*.ts`) are written against this, so the same normalize code serves CSV rows and JSON objects.
 */
import type { Problem } from './problems.ts';
import {
  parseDate,
  parseIso3,
  parseMonth,
  parseNumber,
  parseOneOf,
  parsePeriod,
  parseUnit,
  type Parsed,
  type Period,
  type Unit,
} from './values.ts';

export interface ColumnInfo {
  /** 0-based position of the value in each record's cells. */
  index: number;
  /** 1-based position in the file, for `file:line:column`; undefined for a JSON field, which has no column. */
  number: number | undefined;
  /** `quantity:thousands` in the header: `,` is a thousands separator in this column. */
  thousands: boolean;
}

/** Commodity keys from the database (migration 0001), so rows are checked against what queries can find. */
export interface CommodityCatalog {
  /** group key → HS prefix */
  groups: ReadonlyMap<string, string>;
  /** product key → group key */
  products: ReadonlyMap<string, string>;
}

export interface ImportContext {
  now: Date;
  catalog: CommodityCatalog;
  /**
   * The file writes 0 for a figure it does not give (UN Comtrade's free preview API): formats read such a 0 as not
   * given. Set by the format from the whole document (FormatDefinition.readJsonTraits); never for CSV.
   */
  zeroMeansNotGiven?: boolean;
  /** JSON formats: the source of the record on a line, where the document says (a fetch's call addresses). */
  sourceOfLine?: (line: number) => string | undefined;
}

/** The group an HS code belongs to (`271019` → `refined-oil`), or null for commodities Tradeflow does not group. */
export function groupOfHsCode(catalog: CommodityCatalog, hsCode: string): string | null {
  for (const [key, prefix] of catalog.groups) if (hsCode.startsWith(prefix)) return key;
  return null;
}

export class RecordReader {
  readonly problems: Problem[] = [];

  constructor(
    readonly line: number,
    /** The record's raw values, in header order (no per-row map: this runs a million times per large file). */
    private readonly cells: readonly string[],
    private readonly columns: ReadonlyMap<string, ColumnInfo>,
    readonly context: ImportContext,
  ) {}

  get now(): Date {
    return this.context.now;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  report(column: string | undefined, code: string, message: string): void {
    const info = column === undefined ? undefined : this.columns.get(column);
    const prefix = column === undefined ? '' : `${column}: `;
    this.problems.push({ line: this.line, column: info?.number, code, message: prefix + message });
  }

  /** The trimmed text, or undefined when the cell is empty or the column absent. */
  text(column: string): string | undefined {
    const index = this.columns.get(column)?.index;
    const value = index === undefined ? undefined : this.cells[index]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  requiredText(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined) this.report(column, 'MISSING_VALUE', 'a value is required');
    return value;
  }

  private check<T>(column: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.report(column, parsed.code, parsed.message);
    return undefined;
  }

  private typed<T>(column: string, required: boolean, parse: (text: string) => Parsed<T>): T | undefined {
    const text = required ? this.requiredText(column) : this.text(column);
    return text === undefined ? undefined : this.check(column, parse(text));
  }

  number(column: string, required = false): number | undefined {
    const thousands = this.columns.get(column)?.thousands ?? false;
    return this.typed(column, required, (text) => parseNumber(text, { thousands }));
  }

  month(column: string): string | undefined {
    return this.typed(column, true, (text) => parseMonth(text, this.now));
  }

  period(column: string): Period | undefined {
    return this.typed(column, true, (text) => parsePeriod(text, this.now));
  }

  date(column: string): string | undefined {
    return this.typed(column, true, (text) => parseDate(text, this.now));
  }

  country(column: string, required = true): string | undefined {
    return this.typed(column, required, parseIso3);
  }

  unit(column: string, required: boolean, allowed?: readonly Unit[]): Unit | undefined {
    return this.typed(column, required, (text) => parseUnit(text, allowed));
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], required = true): T | undefined {
    return this.typed(column, required, (text) => parseOneOf(text, allowed));
  }
}
