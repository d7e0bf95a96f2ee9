import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvFileName, csvLine, numberCell, textCell } from '../../server/http/csv.ts';

describe('textCell', () => {
  const cases: Array<[string | null, string, string]> = [
    ['plain', 'plain', 'plain text as is'],
    ['=1+1', "'=1+1", 'a formula'],
    ['+1', "'+1", 'a leading plus'],
    ['-2+3', "'-2+3", 'a leading minus'],
    ['@SUM(A1)', "'@SUM(A1)", 'a leading at-sign'],
    ['\t=1', "'\t=1", 'a leading tab'],
    ['a,b', '"a,b"', 'a comma is quoted'],
    ['say "hi"', '"say ""hi"""', 'quotes are doubled'],
    ['two\nlines', '"two\nlines"', 'a newline is quoted'],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`, 'neutralised and quoted'],
    [null, '', 'null is an empty cell'],
    ['a-b', 'a-b', 'a minus inside is harmless'],
  ];
  for (const [input, expected, what] of cases) {
    it(what, () => assert.equal(textCell(input), expected));
  }
});

describe('numberCell', () => {
  it('keeps negative numbers as numbers and leaves missing values empty', () => {
    assert.equal(numberCell(-1191), '-1191');
    assert.equal(numberCell(-63.9), '-63.9');
    assert.equal(numberCell(0), '0');
    assert.equal(numberCell(null), '');
    assert.equal(numberCell(undefined), '');
    assert.equal(numberCell(Number.NaN), '');
  });
});

describe('csvLine and csvFileName', () => {
  it('ends lines with CRLF (RFC 4180)', () => assert.equal(csvLine(['a', 'b']), 'a,b\r\n'));

  it('keeps a file name safe for Content-Disposition', () => {
    assert.equal(
      csvFileName(['tradeflow', 'corn+rice', 'CHN', null, '2017-01', undefined, '']),
      'tradeflow-corn+rice-CHN-2017-01.csv',
    );
    assert.equal(csvFileName(['a"b', 'c/d', 'é']), 'a_b-c_d-_.csv');
  });
});
