/**
 * The write endpoints (issue 14): POST /api/datasets uploads a file and imports it through the same importer as the
 * command line; DELETE /api/datasets/:name removes a dataset. Both go through the one writable connection, one at a
 * time: the importer holds its transaction open across awaits while a large file streams through a worker thread
 * (import-file.ts), so a second write on that connection would land inside it. Readers use the read-only connection
 * and, in WAL mode, see the data as it was until the import commits, then the new data.
 */
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/connection.ts';
import {
  ImportInProgressError,
  InvalidFileError,
  InvalidParameterError,
  NotFoundError,
  PayloadTooLargeError,
} from '../../errors.ts';
import { findFormat, formats } from '../../import/formats/index.ts';
import { importFile, type ImportSummary } from '../../import/import-file.ts';
import { deleteDatasetByName, findDatasetByName } from '../../queries/imports.ts';
import { receiveUpload } from '../multipart.ts';

export interface DatasetWriteDeps {
  writeDb: Db;
  uploadDir: string;
  uploadMaxBytes: number;
  now: () => Date;
}

/** Room for the multipart envelope around the file: boundaries, part headers, and the text fields (4 KiB each). */
const multipartAllowance = 64 * 1024;

/** Letters and digits first, then also spaces and `._()-`: safe in a URL path segment once encoded, and on a page. */
const datasetNamePattern = /^[\p{L}\p{N}][\p{L}\p{N} ._()-]{0,99}$/u;

export interface DatasetWriteHandlers {
  upload: RequestHandler;
  remove: RequestHandler;
}

export function datasetWriteHandlers(deps: DatasetWriteDeps): DatasetWriteHandlers {
  // One write at a time, per server: see the module comment. Refused rather than queued, so a client never waits
  // minutes without knowing why.
  let busy = false;
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    if (busy) throw new ImportInProgressError();
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };

  const upload: RequestHandler = async (req, res) => {
    // A body declared far over the limit is refused before a byte of it is read, and the connection closed, so a
    // browser does not send 2 GB to hear "too large" (the limit is enforced again as the file streams).
    const declared = Number(req.headers['content-length']);
    if (declared > deps.uploadMaxBytes + multipartAllowance) {
      res.set('Connection', 'close');
      throw new PayloadTooLargeError(
        `the upload is ${declared} bytes, over the limit of ${deps.uploadMaxBytes} bytes (TRADEFLOW_UPLOAD_MAX_BYTES)`,
      );
    }
    const answer = await exclusively(() => receiveAndImport(deps, req));
    res
      .status(answer.summary.status === 'imported' ? 201 : 200)
      .set('Cache-Control', 'no-store')
      .json(answer);
  };

  const remove: RequestHandler = async (req, res) => {
    const name = req.params.name;
    if (typeof name !== 'string') throw new NotFoundError('no dataset name given');
    const deleted = await exclusively(async () => deleteDatasetByName(deps.writeDb, name, deps.now()));
    if (!deleted) throw new NotFoundError(`no dataset named "${name}"`);
    res.set('Cache-Control', 'no-store').json({ deleted });
  };

  return { upload, remove };
}

type UploadSummary = Omit<ImportSummary, 'problems'>;

async function receiveAndImport(
  deps: DatasetWriteDeps,
  req: Parameters<RequestHandler>[0],
): Promise<{ summary: UploadSummary; dataset: ReturnType<typeof findDatasetByName> }> {
  const { file, fields } = await receiveUpload(req, {
    dir: deps.uploadDir,
    maxBytes: deps.uploadMaxBytes,
    fileField: 'file',
    textFields: ['name', 'source', 'format'],
  });
  // Whether this upload made the kept copy (and so removes it if the import refuses the file).
  let ownCopy = false;
  const keptPath = join(deps.uploadDir, `${file.sha256}-${safeFileName(file.originalName)}`);
  try {
    const options = readFields(fields, file.originalName);
    // Kept under its content's hash, so a name never collides. The same bytes under the same name may be kept
    // already, and a dataset may point at that copy: it stays, and this upload's copy goes.
    if (await exists(keptPath)) {
      await rm(file.tempPath, { force: true });
    } else {
      await rename(file.tempPath, keptPath);
      ownCopy = true;
    }
    const summary = await importFile(deps.writeDb, keptPath, {
      ...options,
      fileName: file.originalName,
      now: deps.now,
    });
    if (summary.status === 'failed') {
      throw new InvalidFileError(file.originalName, summary.problems, summary.problemCount);
    }
    // The answer names the file as the user sent it, not where the server keeps it.
    const { problems: _problems, ...rest } = summary;
    return { summary: { ...rest, file: file.originalName }, dataset: findDatasetByName(deps.writeDb, summary.dataset) };
  } catch (error) {
    // Refused or failed: nothing of this upload stays.
    await rm(file.tempPath, { force: true });
    if (ownCopy) await rm(keptPath, { force: true });
    throw error;
  }
}

interface UploadOptions {
  datasetName?: string;
  sourceDescription?: string;
  format?: string;
}

function readFields(fields: Record<string, string>, originalName: string): UploadOptions {
  if (originalName.trim() === '') throw new InvalidParameterError('file', 'the file has no name');
  const options: UploadOptions = {};
  const name = fields.name?.trim();
  if (name !== undefined && name !== '') {
    if (!datasetNamePattern.test(name)) {
      throw new InvalidParameterError(
        'name',
        `"${name.slice(0, 120)}" is not a dataset name: up to 100 letters, digits, spaces and . _ ( ) -, starting with a letter or digit`,
      );
    }
    options.datasetName = name;
  }
  const source = fields.source?.trim();
  if (source !== undefined && source !== '') options.sourceDescription = source;
  const format = fields.format?.trim();
  if (format !== undefined && format !== '') {
    if (findFormat(format) === undefined) {
      throw new InvalidParameterError('format', `"${format}" is not one of ${formats.map((f) => f.name).join(', ')}`);
    }
    options.format = format;
  }
  return options;
}

/** The original name reduced to characters safe in any file system; the hash in front keeps it unique. */
export function safeFileName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '')
    .slice(-100);
  return safe === '' ? 'upload' : safe;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
