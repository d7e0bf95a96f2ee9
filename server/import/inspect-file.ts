import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface FileFacts {
  sha256: string;
  bytes: number;
  /** UTF-8 when every byte sequence is valid UTF-8, else Windows-1252 (a superset of Latin-1 for text). */
  encoding: TextEncoding;
  /** A NUL byte: no text format of ours has one, so the file is binary (or UTF-16). */
  hasNulByte: boolean;
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
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
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
  return { sha256: hash.digest('hex'), bytes, encoding: validUtf8 ? 'utf-8' : 'windows-1252', hasNulByte };
}
