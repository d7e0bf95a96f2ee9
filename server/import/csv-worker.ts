/**
 * Worker thread for large CSV imports: parses and normalizes while the importing thread writes to SQLite, so the
 * two cores share the work. It is started before the file is inspected (its TypeScript loader takes a few hundred
 * milliseconds to boot) and waits for its input. It re-reads the file from the start and skips the header record
 * (already read and checked by the importing thread). At most `maxBatchesInFlight` batches wait unacknowledged, so
 * a slow writer holds the parser back instead of letting batches pile up in memory.
 *
 * Parsing alone is about half of all the work, so this thread is the slower one. Whenever the importing thread has
 * finished with every batch sent (it has nothing left to write and waits), the next batch goes to it parsed but not
 * normalized, and it normalizes that batch itself (CsvWorkerMessage 'records'): the split of the normalizing
 * follows whichever thread is idle, on any machine and under any other load.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { findFormat } from './formats/index.ts';
import { normalizeBatch, rebatchRecords } from './normalize.ts';
import { readCsvRecords, takeFirstRecord, type ReadProgress } from './parse.ts';
import type { CsvWorkerMessage, CsvWorkerRequest } from './csv-worker-protocol.ts';

const maxBatchesInFlight = 4;

/** Reads the file and sends its batches; csv-parse's errors go to the importing thread with their code and line. */
async function run(port: MessagePort, request: CsvWorkerRequest): Promise<void> {
  const send = (message: CsvWorkerMessage): void => port.postMessage(message);
  try {
    if (request.kind !== 'start') throw new Error(`the CSV worker expected its input, got ${request.kind}`);
    const { input } = request;
    const done = new Int32Array(request.done);
    let sent = 0;
    /** Batches sent that the importing thread has not finished with yet. */
    const inFlight = (): number => sent - Atomics.load(done, 0);
    let wake: (() => void) | undefined;
    port.on('message', () => wake?.());
    const format = findFormat(input.formatName);
    if (!format) throw new Error(`unknown format ${input.formatName}`);
    const progress: ReadProgress = { bytesRead: 0 };
    const { rest } = await takeFirstRecord(readCsvRecords(input.path, input.encoding, progress)); // skip the header
    const context = { ...input.context, now: new Date(input.context.now) };
    for await (const records of rebatchRecords(rest)) {
      while (inFlight() >= maxBatchesInFlight) await new Promise<void>((resolve) => (wake = resolve));
      if (input.handBack && inFlight() === 0) send({ kind: 'records', records, bytesRead: progress.bytesRead });
      else send({ kind: 'batch', batch: normalizeBatch(records, format, input.header, context, progress.bytesRead) });
      sent += 1;
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
}

// No top-level await: csv-worker-boot.mjs loads this module through tsx's CommonJS hooks.
const port = parentPort;
if (!port) throw new Error('csv-worker.ts runs as a worker thread');
port.once('message', (request: CsvWorkerRequest) => void run(port, request));
