import type { ImportOptions } from '../../server/import/import-file.ts';

/**
 * The three ways a CSV file goes through the importer: parsed and normalized in the importing thread (small files);
 * parsed and normalized in the worker thread; parsed in the worker with batches handed back to the idle importing
 * thread to normalize (the default for large files, and for a small file almost every batch). Tests that hold for
 * one must hold for all.
 */
export const importModes: ReadonlyArray<{ name: string; options: ImportOptions }> = [
  { name: 'in this thread', options: { workerBytes: Infinity } },
  { name: 'in the worker thread', options: { workerBytes: 0, workerHandsBack: false } },
  { name: 'in the worker, batches handed back', options: { workerBytes: 0, workerHandsBack: true } },
];
