import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  jsonFieldNames,
  looksLikeJson,
  maxJsonBytes,
  readJsonDocument,
  type JsonDocument,
} from '../../server/import/json-source.ts';
import { isPreviewResponse } from '../../server/import/formats/comtrade-plus-json.ts';
import { createTempDir } from '../helpers/db.ts';

const keys = ['data', 'dataset'];

function writeTemp(name: string, text: string): string {
  const path = join(createTempDir(), name);
  writeFileSync(path, text);
  return path;
}

async function documentOf(value: unknown): Promise<JsonDocument> {
  const text = JSON.stringify(value);
  const read = await readJsonDocument(writeTemp('doc.json', text), 'utf-8', text.length, keys);
  assert.deepEqual(read.problems, []);
  assert.ok(read.document);
  return read.document;
}

describe('readJsonDocument', () => {
  it('finds the records at the top, in the API envelope, or inside a client envelope around it', async () => {
    assert.equal((await documentOf([{ a: 1 }])).recordsKey, '');
    assert.equal((await documentOf({ count: 1, data: [{ a: 1 }] })).recordsKey, 'data');
    const nested = await documentOf({ request: { url: 'x' }, response: { count: 1, data: [{ a: 1 }, { b: 2 }] } });
    assert.equal(nested.recordsKey, 'data');
    assert.equal(nested.envelopes.length, 2);
    assert.deepEqual(jsonFieldNames(nested), ['a', 'b']);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const path = writeTemp('big.json', '{"data": []}');
    const read = await readJsonDocument(path, 'utf-8', maxJsonBytes + 1, keys);
    assert.deepEqual(
      read.problems.map((p) => [p.code, p.line]),
      [['FILE_TOO_LARGE', 0]],
    );
  });

  it('reports a syntax error at its text line and column', async () => {
    const text = '{\n  "data": [\n    { "a": 1 },\n    { "a": 2 ]\n}\n';
    const read = await readJsonDocument(writeTemp('bad.json', text), 'utf-8', text.length, keys);
    assert.deepEqual(
      read.problems.map((p) => [p.code, p.line, p.column]),
      [['INVALID_JSON', 4, 14]],
    );
  });

  it('skips a UTF-8 byte-order mark', async () => {
    const text = '\uFEFF{"data": [{"a": 1}]}';
    const read = await readJsonDocument(writeTemp('bom.json', text), 'utf-8', Buffer.byteLength(text), keys);
    assert.equal(read.document?.records.length, 1);
  });
});

describe('looksLikeJson', () => {
  it('is true for an object or an array after blanks and a BOM, false for a CSV header', async () => {
    assert.equal(await looksLikeJson(writeTemp('a.json', '\uFEFF \n [1]')), true);
    assert.equal(await looksLikeJson(writeTemp('b.json', '{"data": []}')), true);
    assert.equal(await looksLikeJson(writeTemp('c.csv', 'reporter,partner\n')), false);
  });
});

describe('isPreviewResponse (Comtrade+ preview API writes 0 for figures it does not give)', () => {
  const fullRecord = {
    qtyUnitCode: -1,
    qty: null,
    altQtyUnitCode: -1,
    altQty: null,
    netWgt: 5,
    grossWgt: null,
    cifvalue: null,
    fobvalue: 1,
    primaryValue: 1,
  };
  const previewRecord = {
    qtyUnitCode: -1,
    qty: 0,
    altQtyUnitCode: -1,
    altQty: 0,
    netWgt: 5,
    grossWgt: 0,
    cifvalue: 0,
    fobvalue: 1,
    primaryValue: 1,
  };

  it('recognises the preview from its records: no null, and a 0 quantity in unit N/A', async () => {
    assert.equal(isPreviewResponse(await documentOf({ data: [previewRecord] })), true);
    assert.equal(isPreviewResponse(await documentOf({ data: [fullRecord] })), false);
  });

  it('a full-API file with zeros but some null is not the preview', async () => {
    assert.equal(isPreviewResponse(await documentOf({ data: [previewRecord, fullRecord] })), false);
  });

  it('a request address saved by a client decides, either way', async () => {
    const preview = { url: 'https://example.org/public/v1/preview/C/A/HS?reportercode=156', data: [fullRecord] };
    assert.equal(isPreviewResponse(await documentOf(preview)), true);
    const full = { url: 'https://example.org/data/v1/get/C/A/HS?reportercode=156', data: [previewRecord] };
    assert.equal(isPreviewResponse(await documentOf(full)), false);
  });
});
