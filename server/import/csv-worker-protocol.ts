import type { Header } from './detect-format.ts';
import type { TextEncoding } from './inspect-file.ts';
import type { NormalizedBatch } from './normalize.ts';
import type { CsvRecord } from './parse.ts';
import type { CommodityCatalog } from './record-reader.ts';

/** What the importing thread hands the CSV worker (structured-cloneable: Maps survive, Dates go as ISO text). */
export interface CsvWorkerInput {
  path: string;
  encoding: TextEncoding;
  formatName: string;
  header: Header;
  context: { now: string; catalog: CommodityCatalog };
  /** Hand batches to the importing thread to normalize whenever it is idle (see csv-worker.ts). */
  handBack: boolean;
}

/**
 * Importing thread → worker: the file to read, once, with a shared counter (one Int32) of the batches the importing
 * thread has finished with; then a 'more' each time it finishes one, to wake the worker if it waits. The worker
 * reads the counter at the moment it decides what to send; a message would only reach it when its parsing next
 * yields to the event loop, which on a fast disk is seldom.
 */
export type CsvWorkerRequest = { kind: 'start'; input: CsvWorkerInput; done: SharedArrayBuffer } | { kind: 'more' };

/**
 * Worker → importing thread. 'records' is a batch parsed but not normalized: the worker sends one when the
 * importing thread has taken every batch sent so far and would otherwise sit idle, so that it normalizes those rows
 * itself and both cores keep busy.
 */
export type CsvWorkerMessage =
  | { kind: 'batch'; batch: NormalizedBatch }
  | { kind: 'records'; records: CsvRecord[]; bytesRead: number }
  | { kind: 'end' }
  | { kind: 'error'; code: string | undefined; message: string; lines: number | undefined };
