/**
 * Worker thread for large CSV imports: parses and normalizes while the importing thread writes to SQLite, so the
 * two cores each do half the work. It re-reads the file from the start and skips the header record (already read
 * and checked by the importing thread). At most `maxBatchesInFlight` batches wait unacknowledged, so a slow writer
 * holds the parser back instead of letting batches pile up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { findFormat } from './formats/index.ts';
import { normalizeRecords, type NormalizedBatch } from './normalize.ts';
import { readCsvRecords, type ReadProgress } from './parse.ts';
import type { CsvWorkerInput, CsvWorkerMessage } from './csv-worker-protocol.ts';

const maxBatchesInFlight = 4;
const port = parentPort;
if (!port) throw new Error('csv-worker.ts runs as a worker thread');
const input = workerData as CsvWorkerInput;

let credits = maxBatchesInFlight;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits += 1;
  wake?.();
});

const send = (message: CsvWorkerMessage): void => port.postMessage(message);

try {
  const format = findFormat(input.formatName);
  if (!format) throw new Error(`unknown format ${input.formatName}`);
  const progress: ReadProgress = { bytesRead: 0 };
  const records = readCsvRecords(input.path, input.encoding, progress)[Symbol.asyncIterator]();
  await records.next(); // the header
  const context = { ...input.context, now: new Date(input.context.now) };
  for await (const batch of normalizeRecords(records, format, input.header, context, progress)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits -= 1;
    send({ kind: 'batch', batch: batch satisfies NormalizedBatch });
  }
  send({ kind: 'end' });
} catch (error) {
  const code = (error as { code?: unknown }).code;
  send({
    kind: 'error',
    code: typeof code === 'string' ? code : undefined,
    message: error instanceof Error ? error.message : String(error),
    lines: (error as { lines?: number }).lines,
  });
}
port.close();
