import type { Header } from './detect-format.ts';
import type { TextEncoding } from './inspect-file.ts';
import type { NormalizedBatch } from './normalize.ts';
import type { CommodityCatalog } from './record-reader.ts';

/** What the importing thread hands the CSV worker (structured-cloneable: Maps survive, Dates go as ISO text). */
export interface CsvWorkerInput {
  path: string;
  encoding: TextEncoding;
  formatName: string;
  header: Header;
  context: { now: string; catalog: CommodityCatalog };
}

export type CsvWorkerMessage =
  | { kind: 'batch'; batch: NormalizedBatch }
  | { kind: 'end' }
  | { kind: 'error'; code: string | undefined; message: string; lines: number | undefined };
