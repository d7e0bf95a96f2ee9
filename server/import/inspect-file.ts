import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface FileFacts {
  sha256: string;
  bytes: number;
  /** UTF-8 when every byte sequence is valid UTF-8, else Windows-1252 (a superset of Latin-1 for text). */
  encoding: TextEncoding;
  /** A NUL byte: no text format of ours has one, so the file is binary (or UTF-16). */
  hasNulByte: boolean;
  /** Starts with a UTF-16 byte-order mark. */
  isUtf16: boolean;
  /**
   * Not valid UTF-8 as a whole, yet holding well-formed UTF-8 multi-byte sequences: UTF-8 and Latin-1 lines pasted
   * into one file. Decoding it either way would silently garble some text, so the importer refuses it.
   */
  mixedEncoding: boolean;
}

/** Counts well-formed UTF-8 multi-byte sequences (lead byte + continuation bytes) in a chunk. */
function countUtf8Sequences(buffer: Buffer): number {
  let count = 0;
  for (let i = 0; i < buffer.length; i += 1) {
    const byte = buffer[i] ?? 0;
    const length =
      byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) continue;
    let well = i + length <= buffer.length;
    for (let k = 1; well && k < length; k += 1) well = ((buffer[i + k] ?? 0) & 0xc0) === 0x80;
    if (well) {
      count += 1;
      i += length - 1;
    }
  }
  return count;
}

/**
 * One streaming pass over the file: its SHA-256 (to recognise a re-import), its size and its encoding.
 * Constant memory whatever the size.
 */
export async function inspectFile(path: string): Promise<FileFacts> {
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let hasNulByte = false;
  let bytes = 0;
  let utf8Sequences = 0;
  let isUtf16 = false;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    if (bytes === 0) isUtf16 = (buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff);
    bytes += buffer.length;
    // Most chunks of most files are plain ASCII, which holds no multi-byte sequence: skip the byte-by-byte count.
    if (!isAscii(buffer)) utf8Sequences += countUtf8Sequences(buffer);
    if (!hasNulByte && buffer.includes(0)) hasNulByte = true;
    if (validUtf8) {
      try {
        utf8.decode(buffer, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
  }
  if (validUtf8) {
    try {
      utf8.decode();
    } catch {
      validUtf8 = false;
    }
  }
  return {
    sha256: hash.digest('hex'),
    bytes,
    encoding: validUtf8 ? 'utf-8' : 'windows-1252',
    hasNulByte,
    isUtf16,
    mixedEncoding: !validUtf8 && utf8Sequences > 0,
  };
}
