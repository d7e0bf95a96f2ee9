/** The importing thread's side of csv-worker.ts: its batches as an async iterable, acknowledged one by one. */
import { Worker } from 'node:worker_threads';
import type { CsvWorkerInput, CsvWorkerMessage } from './csv-worker-protocol.ts';
import type { NormalizedBatch } from './normalize.ts';

const bootUrl = new URL('./csv-worker-boot.mjs', import.meta.url);

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

export async function* normalizeInWorker(input: CsvWorkerInput): AsyncGenerator<NormalizedBatch> {
  // The worker streams: a small heap is plenty, and keeps the import's peak memory down (BENCHMARKS.md).
  const worker = new Worker(bootUrl, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 } });
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
  try {
    for (;;) {
      while (queue.length === 0 && !failure && !exited) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift();
      if (!message) throw failure ?? new Error('the CSV worker stopped without finishing');
      if (message.kind === 'end') return;
      if (message.kind === 'error') throw new WorkerCsvError(message.message, message.code, message.lines);
      yield message.batch;
      worker.postMessage('more');
    }
  } finally {
    await worker.terminate();
  }
}
