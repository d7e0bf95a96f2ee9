import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDate,
  parseIso3,
  parseMonth,
  parseNumber,
  parsePeriod,
  parseUnit,
  toKilograms,
} from '../../server/import/values.ts';

const now = new Date('2026-11-23T12:00:00Z');
const codeOf = (parsed: { ok: boolean; code?: string }): string | undefined => (parsed.ok ? undefined : parsed.code);

describe('parseNumber', () => {
  const table: Array<[string, { thousands?: boolean }, number | string]> = [
    ['672', {}, 672],
    ['1194.58', {}, 1194.58],
    ['0', {}, 0],
    ['1e3', {}, 1000],
    ['-1', {}, 'NEGATIVE_NUMBER'],
    ['NaN', {}, 'INVALID_NUMBER'],
    ['Infinity', {}, 'INVALID_NUMBER'],
    ['21,006', {}, 'INVALID_NUMBER'],
    ['21,006', { thousands: true }, 21006],
    ['1,234,567.5', { thousands: true }, 1234567.5],
    ['1,23', { thousands: true }, 'INVALID_NUMBER'],
    ['12 000', {}, 'INVALID_NUMBER'],
    ['=1+1', {}, 'INVALID_NUMBER'],
    ['0x10', {}, 'INVALID_NUMBER'],
  ];
  for (const [text, options, expected] of table) {
    it(`${JSON.stringify(text)} ${options.thousands ? '(thousands)' : ''} → ${expected}`, () => {
      const parsed = parseNumber(text, options);
      if (typeof expected === 'number') assert.deepEqual(parsed, { ok: true, value: expected });
      else assert.equal(codeOf(parsed), expected);
    });
  }
  it('hints at :thousands when a number has separators', () => {
    const parsed = parseNumber('21,006');
    assert.ok(!parsed.ok && parsed.message.includes(':thousands'));
  });
});

describe('months, periods and dates', () => {
  it('accepts real months and rejects the rest', () => {
    assert.deepEqual(parseMonth('2017-11', now), { ok: true, value: '2017-11' });
    assert.equal(codeOf(parseMonth('2017-13', now)), 'INVALID_PERIOD');
    assert.equal(codeOf(parseMonth('2017-00', now)), 'INVALID_PERIOD');
    assert.equal(codeOf(parseMonth('Nov 2017', now)), 'INVALID_PERIOD');
    assert.equal(codeOf(parseMonth('2017-1', now)), 'INVALID_PERIOD');
    assert.equal(codeOf(parseMonth('201711', now)), 'INVALID_PERIOD');
    assert.equal(codeOf(parseMonth('2026-12', now)), 'FUTURE_PERIOD');
    assert.deepEqual(parseMonth('2026-11', now), { ok: true, value: '2026-11' });
  });
  it('a period is a month or a year, kept apart', () => {
    assert.deepEqual(parsePeriod('2016', now), { ok: true, value: { frequency: 'year', period: '2016' } });
    assert.deepEqual(parsePeriod('2016-04', now), { ok: true, value: { frequency: 'month', period: '2016-04' } });
    assert.equal(codeOf(parsePeriod('2027', now)), 'FUTURE_PERIOD');
    assert.equal(codeOf(parsePeriod('16', now)), 'INVALID_PERIOD');
  });
  it('dates must exist in the calendar', () => {
    assert.deepEqual(parseDate('2024-02-29', now), { ok: true, value: '2024-02-29' });
    assert.equal(codeOf(parseDate('2023-02-29', now)), 'INVALID_DATE');
    assert.equal(codeOf(parseDate('2017-10-15T00:00', now)), 'INVALID_DATE');
    assert.equal(codeOf(parseDate('2026-11-24', now)), 'FUTURE_PERIOD');
  });
});

describe('countries and units', () => {
  it('ISO 3166-1 alpha-3 only', () => {
    assert.deepEqual(parseIso3('PRK'), { ok: true, value: 'PRK' });
    assert.deepEqual(parseIso3('prk'), { ok: true, value: 'PRK' });
    assert.equal(codeOf(parseIso3('NKR')), 'UNKNOWN_COUNTRY');
    assert.equal(codeOf(parseIso3('KP')), 'UNKNOWN_COUNTRY');
    assert.equal(codeOf(parseIso3('408')), 'UNKNOWN_COUNTRY');
  });
  it('units and their spellings', () => {
    assert.deepEqual(parseUnit('tonnes'), { ok: true, value: 't' });
    assert.deepEqual(parseUnit('Barrels'), { ok: true, value: 'bbl' });
    assert.equal(codeOf(parseUnit('bushels')), 'UNKNOWN_UNIT');
    assert.equal(codeOf(parseUnit('kg', ['bbl', 't'])), 'UNKNOWN_UNIT');
  });
  it('only mass units convert to kilograms', () => {
    assert.equal(toKilograms(672, 't'), 672_000);
    assert.equal(toKilograms(5, 'kg'), 5);
    assert.equal(toKilograms(5, 'bbl'), undefined);
    assert.equal(toKilograms(5, 'm3'), undefined);
  });
});
