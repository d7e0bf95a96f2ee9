/**
 * The importer's orchestrator: file → records → normalized rows → one transaction. Whatever goes wrong, the
 * database ends as it was before: problems roll the transaction back, and a killed process leaves SQLite's journal
 * to undo the partial work on the next open.
 */
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Db } from '../db/connection.ts';
import {
  createKeyLog,
  deleteDataset,
  findDatasetByName,
  findDatasetBySha256,
  insertDataset,
  listCommodityKeys,
  setDatasetRowCount,
  suspendIndexes,
} from '../queries/imports.ts';
import { recordVersion, retireVersion } from '../queries/dataset-versions.ts';
import { createRowWriter } from '../queries/bulk-insert.ts';
import { createFlowWriter, flowsTableName } from '../queries/flow-writes.ts';
import { detectFormat, readHeader } from './detect-format.ts';
import { formats as allFormats, findFormat } from './formats/index.ts';
import { inspectFile } from './inspect-file.ts';
import { looksLikeJson, readJsonDocument, readJsonRecords, type JsonDocument } from './json-source.ts';
import { isCsvParseError, readCsvRecords, takeFirstRecord, type CsvRecord, type ReadProgress } from './parse.ts';
import { normalizeRecords } from './normalize.ts';
import { startCsvWorker, type CsvWorker } from './normalize-in-worker.ts';
import { ProblemList, type Problem } from './problems.ts';
import type { ImportContext } from './record-reader.ts';

export interface ImportOptions {
  /** Force a format by name instead of detecting it from the header. */
  format?: string;
  /** Dataset name; defaults to the file name without extension. A new file under an existing name replaces it. */
  datasetName?: string;
  sourceDescription?: string;
  /**
   * The file's name as the user knows it, when `path` is not (an upload kept as `<sha256>-<name>`): stored as the
   * dataset's file name, and the default dataset name comes from it. Defaults to the last part of `path`.
   */
  fileName?: string;
  now?: () => Date;
  /** At most this many problems are listed (the rest are counted). */
  maxProblems?: number;
  onProgress?: (bytesRead: number, totalBytes: number, rowsRead: number) => void;
  /** From this file size on, the target table's indexes are rebuilt after the load instead of updated per row. */
  bulkLoadBytes?: number;
  /** From this size on, a CSV file is parsed and normalized in a worker thread. */
  workerBytes?: number;
  /**
   * Whether the worker hands batches back to this thread to normalize whenever this thread has nothing to write
   * (default true: it keeps both cores busy). Tests turn it off to exercise the worker's own normalizing.
   */
  workerHandsBack?: boolean;
}

export interface ImportSummary {
  status: 'imported' | 'unchanged' | 'failed';
  file: string;
  dataset: string;
  format?: string;
  sha256?: string;
  rowsRead: number;
  rowsStored: number;
  duplicatesSkipped: number;
  /** The dataset this import replaced (an earlier version under the same name). */
  replaced: boolean;
  problems: Problem[];
  problemCount: number;
  elapsedMs: number;
}

const defaultMaxProblems = 100;
const progressEveryRows = 5000;
/** From this file size on, indexes are dropped for the load and rebuilt after it (scripts/bench measured it). */
const defaultBulkLoadBytes = 16 * 1024 * 1024;
/** Below this, starting a worker (and its TypeScript loader) costs more than it saves. */
const defaultWorkerBytes = 4 * 1024 * 1024;

export async function importFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const worker: { started?: CsvWorker } = {};
  try {
    return await importWithWorker(db, path, options, worker);
  } finally {
    await worker.started?.stop();
  }
}

/** importFile, which may start a worker thread for a large CSV file in `worker` (stopped by importFile). */
async function importWithWorker(
  db: Db,
  path: string,
  options: ImportOptions,
  worker: { started?: CsvWorker },
): Promise<ImportSummary> {
  const started = performance.now();
  const now = (options.now ?? (() => new Date()))();
  const problems = new ProblemList(options.maxProblems ?? defaultMaxProblems);
  const fileName = options.fileName ?? basename(path);
  const summary: ImportSummary = {
    status: 'failed',
    file: path,
    dataset: options.datasetName ?? basename(fileName, extname(fileName)),
    rowsRead: 0,
    rowsStored: 0,
    duplicatesSkipped: 0,
    replaced: false,
    problems: problems.items,
    problemCount: 0,
    elapsedMs: 0,
  };
  const finish = (status: ImportSummary['status']): ImportSummary => {
    summary.status = status;
    summary.problemCount = problems.count;
    summary.elapsedMs = performance.now() - started;
    return summary;
  };

  const forced = options.format === undefined ? undefined : findFormat(options.format);
  if (options.format !== undefined && forced === undefined) {
    const names = allFormats.map((f) => f.name).join(', ');
    problems.add({ line: 0, code: 'UNKNOWN_FORMAT', message: `--format ${options.format} is not one of ${names}` });
    return finish('failed');
  }

  let fileBytes: number;
  try {
    const file = await stat(path);
    if (!file.isFile()) throw new Error('not a file');
    fileBytes = file.size;
  } catch {
    problems.add({ line: 0, code: 'FILE_NOT_FOUND', message: `no readable file at ${path}` });
    return finish('failed');
  }
  // Large CSV files are parsed and normalized in a worker thread while this thread writes (two cores). It boots while
  // this thread inspects the file, and is simply stopped if the file turns out to be JSON, unchanged or unreadable.
  if (forced?.input !== 'json' && fileBytes >= (options.workerBytes ?? defaultWorkerBytes))
    worker.started = startCsvWorker();
  const facts = await inspectFile(path);
  summary.sha256 = facts.sha256;
  if (facts.bytes === 0) {
    problems.add({ line: 1, code: 'EMPTY_FILE', message: 'the file is empty' });
    return finish('failed');
  }
  if (facts.isUtf16) {
    problems.add({
      line: 1,
      code: 'UNSUPPORTED_ENCODING',
      message: 'the file is UTF-16: save it as UTF-8 (or Latin-1) CSV',
    });
    return finish('failed');
  }
  if (facts.hasNulByte) {
    problems.add({ line: 1, code: 'BINARY_FILE', message: 'the file holds NUL bytes: it is binary, not CSV text' });
    return finish('failed');
  }
  if (facts.mixedEncoding) {
    problems.add({
      line: 1,
      code: 'MIXED_ENCODING',
      message: 'the file mixes UTF-8 and Latin-1 text; re-save it in one encoding (UTF-8) so no text is garbled',
    });
    return finish('failed');
  }
  const already = findDatasetBySha256(db, facts.sha256);
  if (already) {
    summary.dataset = already.name;
    summary.format = already.format;
    summary.rowsStored = already.rowCount;
    return finish('unchanged');
  }

  const progress: ReadProgress = { bytesRead: 0 };
  // JSON (API responses) is read whole and handed on as records under a header of its keys (json-source.ts).
  const input = forced?.input ?? ((await looksLikeJson(path)) ? 'json' : 'csv');
  let json: JsonDocument | undefined;
  let batches: AsyncIterator<CsvRecord[]>;
  if (input === 'json') {
    const recordsKeys = allFormats.flatMap((f) => (f.jsonRecordsKey === undefined ? [] : [f.jsonRecordsKey]));
    const read = await readJsonDocument(path, facts.encoding, facts.bytes, recordsKeys);
    read.problems.forEach((p) => problems.add(p));
    if (!read.document) return finish('failed');
    json = read.document;
    progress.bytesRead = facts.bytes;
    batches = readJsonRecords(json);
  } else {
    batches = readCsvRecords(path, facts.encoding, progress);
  }
  let inTransaction = false;
  try {
    const { first, rest: records } = await takeFirstRecord(batches);
    if (!first) {
      problems.add({ line: 1, code: 'EMPTY_FILE', message: 'the file has no header' });
      return finish('failed');
    }
    const headerRead = readHeader(first.fields, first.line, input === 'csv');
    headerRead.problems.forEach((p) => problems.add(p));
    if (problems.count > 0) return finish('failed');
    const candidates = allFormats.filter((f) => (f.input ?? 'csv') === input);
    const detected = detectFormat(headerRead.header, candidates, first.line, forced);
    detected.problems.forEach((p) => problems.add(p));
    const format = detected.format;
    if (!format) return finish('failed');
    summary.format = format.name;

    const context: ImportContext = { now, catalog: listCommodityKeys(db), ...(json && format.readJsonTraits?.(json)) };
    db.exec('BEGIN IMMEDIATE');
    inTransaction = true;
    const previous = findDatasetByName(db, summary.dataset);
    if (previous) {
      // The earlier version's summary stays (migration 0007); its rows go.
      retireVersion(db, previous.id, 'replaced', now.toISOString());
      deleteDataset(db, previous.id, now);
      summary.replaced = true;
    }
    const datasetId = insertDataset(
      db,
      {
        name: summary.dataset,
        fileName,
        sha256: facts.sha256,
        format: format.name,
        rowCount: 0,
        importedAt: now.toISOString(),
        sourceDescription: options.sourceDescription ?? '',
      },
      resolve(path),
    );
    const keys = createKeyLog(db);
    const writer =
      format.table.name === flowsTableName
        ? createFlowWriter(db, datasetId)
        : createRowWriter(db, format.table, datasetId);
    const restoreIndexes =
      facts.bytes >= (options.bulkLoadBytes ?? defaultBulkLoadBytes) ? suspendIndexes(db, writer.table) : undefined;

    const normalized =
      input === 'csv' && worker.started
        ? worker.started.normalize(
            {
              path,
              encoding: facts.encoding,
              formatName: format.name,
              header: headerRead.header,
              context: { now: now.toISOString(), catalog: context.catalog },
              handBack: options.workerHandsBack ?? true,
            },
            { format, header: headerRead.header, context },
          )
        : normalizeRecords(records, format, headerRead.header, context, progress);
    for await (const batch of normalized) {
      batch.problems.forEach((p) => problems.add(p));
      // Every good row's key is kept for the duplicate check after the load (so a file with problems still has all
      // its duplicate keys reported); after the first problem no more rows are written, as they will be rolled back.
      keys.record(batch.keys);
      if (problems.count === 0) {
        writer.write(batch.values);
        summary.rowsStored += batch.rowCount;
      }
      const before = summary.rowsRead;
      summary.rowsRead += batch.rowsRead;
      if (Math.floor(summary.rowsRead / progressEveryRows) > Math.floor(before / progressEveryRows)) {
        options.onProgress?.(batch.bytesRead, facts.bytes, summary.rowsRead);
      }
    }
    writer.flush();
    // Keys that came back: an exact repeat (same key, same cells) is dropped and counted, any other is a problem.
    keys.findRepeats(({ line, key, firstLine, exact }) => {
      if (exact) summary.duplicatesSkipped += 1;
      else
        problems.add({
          line,
          code: 'DUPLICATE_KEY',
          message: `same key as line ${firstLine} (${key}) with different values`,
        });
    });
    restoreIndexes?.();
    // Exact repeats were written like any row; they go now, with the indexes back so the dataset's rows are found by
    // its index rather than by scanning the whole table.
    if (problems.count === 0 && summary.duplicatesSkipped > 0) {
      summary.rowsStored -= keys.deleteExactRepeats(writer.table, datasetId);
    }
    options.onProgress?.(facts.bytes, facts.bytes, summary.rowsRead);
    if (summary.rowsRead === 0)
      problems.add({ line: first.line, code: 'NO_DATA_ROWS', message: 'the file has a header but no data rows' });
    if (problems.count > 0) {
      db.exec('ROLLBACK');
      inTransaction = false;
      summary.rowsStored = 0;
      summary.replaced = false;
      return finish('failed');
    }
    setDatasetRowCount(db, datasetId, summary.rowsStored);
    // In the same transaction: a failed import records no version; a replacement's summary sits beside the last.
    recordVersion(db, datasetId);
    keys.drop();
    db.exec('COMMIT');
    inTransaction = false;
    return finish('imported');
  } catch (error) {
    if (inTransaction) db.exec('ROLLBACK');
    summary.rowsStored = 0;
    summary.replaced = false;
    // csv-parse's errors, thrown here or (WorkerCsvError) rethrown from the worker, carry their code and line.
    if (isCsvParseError(error)) {
      problems.add({ line: error.lines ?? summary.rowsRead + 1, code: error.code, message: error.message });
      return finish('failed');
    }
    throw error;
  } finally {
    // The source itself too: `records` may never have started (the worker reads the file on its own).
    await batches.return?.(undefined);
  }
}
