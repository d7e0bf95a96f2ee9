/** The importing thread's side of csv-worker.ts: its batches as an async iterable, acknowledged one by one. */
import { Worker } from 'node:worker_threads';
import type { CsvWorkerInput, CsvWorkerMessage, CsvWorkerRequest } from './csv-worker-protocol.ts';
import type { Header } from './detect-format.ts';
import type { AnyFormat } from './formats/format.ts';
import { normalizeBatch, type NormalizedBatch } from './normalize.ts';
import type { ImportContext } from './record-reader.ts';

/**
 * Where the worker's code is: the bundle beside a built server (scripts/build-server.ts sets this global in the
 * server bundle's first line), else the TypeScript sources through tsx's loader (tests, `npm run dev`, scripts).
 */
const bundledWorkerGlobal = 'tradeflowCsvWorkerUrl';
const bootUrl = new URL(
  (globalThis as Record<string, unknown>)[bundledWorkerGlobal] === undefined
    ? new URL('./csv-worker-boot.mjs', import.meta.url)
    : String((globalThis as Record<string, unknown>)[bundledWorkerGlobal]),
);

/** A CSV parse error raised in the worker, rethrown here with csv-parse's code and line. */
export class WorkerCsvError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly lines: number | undefined,
  ) {
    super(message);
  }
}

/** What this thread needs to normalize the batches the worker leaves to it. */
export interface LocalNormalizer {
  format: AnyFormat;
  header: Header;
  context: ImportContext;
}

export interface CsvWorker {
  /** Reads `input` in the worker: the normalized batches, in file order. Call once. */
  normalize(input: CsvWorkerInput, local: LocalNormalizer): AsyncGenerator<NormalizedBatch>;
  /** Stops the thread (whether or not it was used). */
  stop(): Promise<void>;
}

/**
 * Starts the worker thread now, before its input is known, so that its start-up (a TypeScript loader of its own)
 * overlaps with the importing thread's inspection of the file.
 */
export function startCsvWorker(): CsvWorker {
  // The worker streams: a small heap is plenty, and keeps the import's peak memory down (BENCHMARKS.md). Its young
  // generation is 8 MiB rather than 4: on the million-row file, half as many scavenges (1,040 instead of 2,100, 1.4 s
  // of pauses instead of 1.7-1.9 s, --trace-gc) for no measurable peak RSS; 16 MiB saves more but costs ~10 MiB.
  const worker = new Worker(bootUrl, { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 } });
  const queue: CsvWorkerMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: CsvWorkerMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  const request = (message: CsvWorkerRequest): void => worker.postMessage(message);
  return {
    async *normalize(input, local) {
      const done = new SharedArrayBuffer(4);
      const doneCount = new Int32Array(done);
      request({ kind: 'start', input, done });
      for (;;) {
        while (queue.length === 0 && !failure && !exited) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift();
        if (!message) throw failure ?? new Error('the CSV worker stopped without finishing');
        if (message.kind === 'end') return;
        if (message.kind === 'error') throw new WorkerCsvError(message.message, message.code, message.lines);
        yield message.kind === 'batch'
          ? message.batch
          : normalizeBatch(message.records, local.format, local.header, local.context, message.bytesRead);
        Atomics.add(doneCount, 0, 1);
        request({ kind: 'more' });
      }
    },
    async stop() {
      await worker.terminate();
    },
  };
}
