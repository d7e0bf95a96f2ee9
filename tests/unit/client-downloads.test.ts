/** The "Data + README (ZIP)" download: a CSV spreadsheets cannot misread, and a README that says where it is from. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { dataZip, readmeText, spreadsheetColumns, spreadsheetCsv } from '../../client/src/downloads.ts';
import { crc32, zipStored } from '../../client/src/zip.ts';
import { point, series } from '../helpers/points.ts';

const rice = series([
  point('2017-11', 672, {
    change: { mom: null, yoy: { absolute: -1191, percent: -63.9 } },
    sources: ['https://www.scmp.com/a', 'https://www.reuters.com/b'],
  }),
  point('2017-12', null),
  point('2018-01', 0, { sources: ['=HYPERLINK("http://evil.example")'] }),
]);

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, bom: true }) as Record<string, string>[];
}

describe('the spreadsheet CSV', () => {
  it('writes the period as whole numbers, a month not reported as an empty value, names instead of keys', () => {
    const csv = spreadsheetCsv([rice]);
    assert.ok(csv.startsWith(`\uFEFF${spreadsheetColumns.join(',')}\r\n`));
    assert.doesNotMatch(csv, /2017-11/, 'no YYYY-MM text for a spreadsheet to turn into a date');
    const [november, december, january] = rows(csv);
    assert.deepEqual(
      [november?.series, november?.reporter, november?.partner, november?.publisher],
      ['Rice, China', 'China', 'North Korea', 'China customs (GAC)'],
    );
    assert.deepEqual(
      [november?.year, november?.month, november?.value, november?.yoy_percent],
      ['2017', '11', '672', '-63.9'],
    );
    assert.equal(november?.sources, 'https://www.scmp.com/a | https://www.reuters.com/b');
    assert.deepEqual([december?.value, december?.status], ['', 'not reported']);
    assert.deepEqual(
      [january?.year, january?.month, january?.value, january?.status],
      ['2018', '1', '0', 'reported zero'],
    );
    assert.equal(january?.sources, `'=HYPERLINK("http://evil.example")`, 'a formula is neutralised');
  });

  it('a yearly series has an empty month', () => {
    const yearly = series([point('2017', 35163, { partial: true, note: 'summed from 3 of 12 months' })], {
      interval: 'year',
    });
    const [row] = rows(spreadsheetCsv([yearly]));
    assert.deepEqual(
      [row?.year, row?.month, row?.partial, row?.note],
      ['2017', '', 'yes', 'summed from 3 of 12 months'],
    );
  });
});

describe('the ZIP writer (stored entries), read back by fflate', () => {
  it('CRC-32 of "123456789" is cbf43926 (the check value of the ZIP polynomial)', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it('writes entries fflate reads back byte for byte, UTF-8 names included', () => {
    const entries = [
      { name: 'a/données.txt', data: new TextEncoder().encode('Côte d’Ivoire\r\n') },
      { name: 'a/empty.csv', data: new Uint8Array() },
      { name: 'b.bin', data: Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256) },
    ];
    const files = unzipSync(zipStored(entries, new Date(2026, 11, 1, 13, 45, 10)));
    assert.deepEqual(Object.keys(files).sort(), ['a/données.txt', 'a/empty.csv', 'b.bin']);
    for (const entry of entries) assert.deepEqual(files[entry.name], entry.data, entry.name);
  });
});

describe('the README and the ZIP', () => {
  const facts = {
    title: 'Rice: China to North Korea, quantity in tonnes (China customs (GAC))',
    address: 'http://tradeflow.internal:3000/?commodity=rice',
    apiAddress: 'http://tradeflow.internal:3000/api/series?commodity=rice',
    retrieved: new Date('2026-12-01T13:00:00Z'),
    series: [rice],
    csvName: 'tradeflow-rice.csv',
  };

  it('says what, from where, when, who published it, every source address, and how to cite', () => {
    const text = readmeText(facts);
    assert.match(text, /^Rice: China to North Korea/);
    assert.match(text, /Periods: 2017-11 to 2018-01/);
    assert.match(text, /Published by: China customs \(GAC\)/);
    assert.match(text, /View: http:\/\/tradeflow\.internal:3000\/\?commodity=rice/);
    assert.match(text, /Retrieved: 1 Dec 2026 from http:\/\/tradeflow\.internal:3000\/api\/series\?commodity=rice/);
    assert.match(
      text,
      /Sources \(3\)\r\n- https:\/\/www\.scmp\.com\/a\r\n- https:\/\/www\.reuters\.com\/b\r\n- =HYPERLINK/,
    );
    assert.match(
      text,
      /How to cite\r\n.*via Tradeflow, http:\/\/tradeflow\.internal:3000\/\?commodity=rice \(retrieved 1 Dec 2026\)/,
    );
    assert.match(text, /not a zero/);
  });

  it('the ZIP holds the CSV and the README in a folder named after the view', () => {
    const files = unzipSync(dataZip(facts, 'tradeflow-rice'));
    assert.deepEqual(Object.keys(files).sort(), ['tradeflow-rice/README.txt', 'tradeflow-rice/tradeflow-rice.csv']);
    // With its byte-order mark, which strFromU8 (TextDecoder) would drop.
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files['tradeflow-rice/tradeflow-rice.csv']);
    assert.equal(csv, spreadsheetCsv([rice]));
    assert.equal(strFromU8(files['tradeflow-rice/README.txt'] ?? new Uint8Array()), readmeText(facts));
  });
});
