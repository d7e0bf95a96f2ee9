/**
 * Receives an upload (multipart/form-data) onto disk. busboy parses the stream part by part, so the file goes to
 * disk as it arrives and is hashed on the way: memory stays flat whatever the size (the default limit is 200 MiB),
 * and the SHA-256 names the kept file without a second read. A file over the limit is cut off, its partial copy
 * deleted, and the request refused with 413 once busboy has read it to the end (so the client gets the answer rather
 * than a reset connection).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { InvalidParameterError, PayloadTooLargeError } from '../errors.ts';

export interface ReceivedFile {
  /** Where the bytes are now: a temporary name in the upload directory, for the caller to rename or delete. */
  tempPath: string;
  /** The name the browser gave (its last path part), as the user knows the file. */
  originalName: string;
  sha256: string;
  bytes: number;
}

export interface ReceivedUpload {
  file: ReceivedFile;
  /** The text fields, each at most once. */
  fields: Record<string, string>;
}

export interface ReceiveOptions {
  dir: string;
  maxBytes: number;
  /** The file's field name (`file`). */
  fileField: string;
  /** Text fields taken beside it; any other field is refused naming it. */
  textFields: readonly string[];
}

/** Long enough for any name or source address; a longer field is a mistake, not data. */
const maxFieldBytes = 4096;

export async function receiveUpload(req: IncomingMessage, options: ReceiveOptions): Promise<ReceivedUpload> {
  if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) {
    throw new InvalidParameterError(
      options.fileField,
      'send the file as multipart/form-data (a form with the file in the field "file")',
    );
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        // busboy counts a file that reaches its limit as cut off, so a file of exactly maxBytes would be refused.
        fileSize: options.maxBytes + 1,
        files: 1,
        fields: options.textFields.length,
        fieldSize: maxFieldBytes,
        parts: options.textFields.length + 1,
      },
    });
  } catch {
    throw new InvalidParameterError(options.fileField, 'the multipart/form-data request has no boundary');
  }
  await mkdir(options.dir, { recursive: true });

  const fields: Record<string, string> = {};
  let problem: Error | undefined;
  const fail = (error: Error): void => {
    problem ??= error;
  };
  let file: ReceivedFile | undefined;
  let written: Promise<void> | undefined;
  let truncated = false;

  parser.on('field', (name, value, info) => {
    if (!options.textFields.includes(name)) fail(unknownField(name, options));
    else if (Object.hasOwn(fields, name)) fail(new InvalidParameterError(name, 'given more than once; give it once'));
    else if (info.valueTruncated) fail(new InvalidParameterError(name, `longer than ${maxFieldBytes} bytes`));
    else fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    if (name !== options.fileField || file !== undefined) {
      fail(name === options.fileField ? new InvalidParameterError(name, 'send one file') : unknownField(name, options));
      stream.resume();
      return;
    }
    const hash = createHash('sha256');
    const received: ReceivedFile = {
      tempPath: join(options.dir, `.upload-${randomUUID()}.part`),
      // Some browsers send a path (C:\Users\…\file.csv); the name is its last part.
      originalName: (info.filename ?? '').split(/[/\\]/).pop() ?? '',
      sha256: '',
      bytes: 0,
    };
    file = received;
    stream.on('limit', () => {
      truncated = true;
    });
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        received.bytes += chunk.length;
        done(null, chunk);
      },
    });
    written = pipeline(stream, count, createWriteStream(received.tempPath)).then(() => {
      received.sha256 = hash.digest('hex');
    });
    // Awaited once the request is read; until then a failed write must not count as an unhandled rejection.
    written.catch(() => {});
  });
  parser.on('filesLimit', () => fail(new InvalidParameterError(options.fileField, 'send one file')));
  parser.on('fieldsLimit', () => fail(new InvalidParameterError(options.fileField, 'too many form fields')));
  parser.on('partsLimit', () => fail(new InvalidParameterError(options.fileField, 'too many form parts')));

  try {
    await pipeline(req, parser);
    // `written` is set by the 'file' event, while the request streams; the file may still be flushing to disk.
    await written;
  } catch (error) {
    fail(
      new InvalidParameterError(
        options.fileField,
        `the upload could not be read (${error instanceof Error ? error.message : String(error)})`,
      ),
    );
  }
  const kept: ReceivedFile | undefined = file;
  if (truncated) {
    fail(
      new PayloadTooLargeError(
        `the file is larger than the limit of ${options.maxBytes} bytes (TRADEFLOW_UPLOAD_MAX_BYTES)`,
      ),
    );
  } else if (kept === undefined) {
    fail(new InvalidParameterError(options.fileField, 'no file: send it in the multipart field "file"'));
  }
  if (problem !== undefined || kept === undefined) {
    // Settled first: a write stream still opening its file would create it again after the rm.
    await written?.catch(() => {});
    if (kept) await rm(kept.tempPath, { force: true });
    throw problem ?? new Error('unreachable: no file and no problem');
  }
  return { file: kept, fields };
}

function unknownField(name: string, options: ReceiveOptions): InvalidParameterError {
  const taken = [options.fileField, ...options.textFields].join(', ');
  return new InvalidParameterError(name, `unknown form field; an upload takes ${taken}`);
}
