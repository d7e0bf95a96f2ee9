/**
 * Problems are data: every one names the line and, where it can, the column. Codes are SCREAMING_SNAKE like
 * csv-parse's own (CSV_QUOTE_NOT_CLOSED …), which are passed through unchanged.
 */
export type ProblemCode =
  | 'FILE_NOT_FOUND'
  | 'EMPTY_FILE'
  | 'BINARY_FILE'
  | 'UNSUPPORTED_ENCODING'
  | 'MIXED_ENCODING'
  | 'NO_DATA_ROWS'
  | 'UNKNOWN_FORMAT'
  | 'UNKNOWN_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'MISSING_COLUMN'
  | 'RAGGED_ROW'
  | 'MISSING_VALUE'
  | 'INVALID_PERIOD'
  | 'FUTURE_PERIOD'
  | 'INVALID_DATE'
  | 'INVALID_NUMBER'
  | 'NEGATIVE_NUMBER'
  | 'UNKNOWN_UNIT'
  | 'UNKNOWN_COUNTRY'
  | 'INVALID_VALUE'
  | 'INVALID_STATUS'
  | 'STATUS_CONFLICT'
  | 'DUPLICATE_KEY'
  | 'TOO_MANY_PROBLEMS'
  | (string & {}); // csv-parse's codes (CSV_…) and format-specific ones

export interface Problem {
  line: number;
  /** 1-based column number, when the problem belongs to one field. */
  column?: number;
  code: ProblemCode;
  message: string;
}

/** `file:line:column CODE message`, the shape editors and CI logs understand. */
export function formatProblem(fileName: string, problem: Problem): string {
  const where = problem.column === undefined ? `${problem.line}` : `${problem.line}:${problem.column}`;
  return `${fileName}:${where} ${problem.code} ${problem.message}`;
}

/**
 * Collects problems up to a cap, so a broken million-line file does not print a million lines. The ones kept are the
 * first in file order (by line; problems on one line in the order reported): most arrive in line order, but the
 * duplicate-key check runs after the last row is read and reports lines from anywhere in the file.
 */
export class ProblemList {
  readonly items: Problem[] = [];
  private dropped = 0;

  constructor(private readonly cap: number) {}

  add(problem: Problem): void {
    const items = this.items;
    const last = items[items.length - 1];
    if (last === undefined || last.line <= problem.line) {
      if (items.length < this.cap) items.push(problem);
      else this.dropped += 1;
      return;
    }
    // An earlier line than the last kept: it goes in after the problems on its line or before, displacing the last.
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((items[middle]?.line ?? 0) <= problem.line) low = middle + 1;
      else high = middle;
    }
    items.splice(low, 0, problem);
    if (items.length > this.cap) {
      items.pop();
      this.dropped += 1;
    }
  }

  get count(): number {
    return this.items.length + this.dropped;
  }

  get droppedCount(): number {
    return this.dropped;
  }
}
