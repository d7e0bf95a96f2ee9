/** The small pure parts of the Comtrade fetch: Retry-After, provenance by line, the summary's words, estimates. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../server/fetch/comtrade/client.ts';
import { buildDocument, callOfLine, coverageOf, fetchedDays } from '../../server/fetch/comtrade/merge.ts';
import { estimateDurationMs, formatDuration } from '../../server/fetch/comtrade/report.ts';

describe('parseRetryAfter: seconds or an HTTP date (RFC 9110)', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const cases: Array<[string | null, number | undefined]> = [
    ['7', 7000],
    ['0', 0],
    ['1.5', 1500],
    ['Tue, 01 Dec 2026 12:01:00 GMT', 60_000],
    ['Tue, 01 Dec 2026 11:00:00 GMT', 0],
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
  ];
  for (const [header, ms] of cases) it(String(header), () => assert.equal(parseRetryAfter(header, now), ms));
});

describe('the merged document: record N is line N, and each call has its range of lines', () => {
  const document = buildDocument(
    [
      { call: 'a', base: 'http://x', fetchedAt: '2026-11-28T10:00:00Z', records: [{ n: 1 }, { n: 2 }] },
      { call: 'b', base: 'http://x', fetchedAt: '2026-12-01T10:00:00Z', records: [] },
      { call: 'c', base: 'http://x', fetchedAt: '2026-12-01T11:00:00Z', records: [{ n: 3 }] },
    ],
    'M',
    false,
  );
  it('concatenates in call order', () => assert.deepEqual(document.data, [{ n: 1 }, { n: 2 }, { n: 3 }]));
  const cases: Array<[number, string | undefined]> = [
    [1, 'a'],
    [2, 'a'],
    [3, 'c'],
    [4, undefined],
    [0, undefined],
  ];
  for (const [line, call] of cases)
    it(`line ${line}: ${call}`, () => assert.equal(callOfLine(document.calls, line)?.call, call));
  it('names the preview address at its top level, where the importer looks for it', () => {
    assert.equal(document.source, 'UN Comtrade API, http://x/public/v1/preview/C/M/HS');
    assert.equal(buildDocument([], 'A', true).source, 'UN Comtrade API, ');
  });
  it('fetched on one day, or from the first to the last', () => {
    assert.equal(document.fetched, '2026-11-28 to 2026-12-01');
    assert.equal(
      fetchedDays([{ fetchedAt: '2026-12-01T10:00:00Z' }, { fetchedAt: '2026-12-01T23:00:00Z' }]),
      '2026-12-01',
    );
  });
});

describe('coverageOf: periods with a record per series, 0 for a series asked and never answered', () => {
  it('counts distinct periods, names areas by the ISO code the records give', () => {
    const record = (period: string, cmdCode: string) => ({
      reporterCode: 156,
      reporterISO: 'CHN',
      partnerCode: 408,
      partnerISO: 'PRK',
      flowCode: 'X',
      cmdCode,
      period,
    });
    const coverage = coverageOf(
      [record('201701', '1005'), record('201702', '1005'), record('201702', '1005')],
      [
        { reporter: 156, partner: 408, flow: 'X', hsCode: '1005' },
        { reporter: 156, partner: 408, flow: 'X', hsCode: '2709' },
        { reporter: 156, partner: 842, flow: 'X', hsCode: '1005' },
      ],
    );
    assert.deepEqual(
      coverage.map((c) => `${c.reporter} ${c.partner} ${c.flow} ${c.hsCode} ${c.periods}`),
      ['CHN 842 X 1005 0', 'CHN PRK X 1005 2', 'CHN PRK X 2709 0'],
    );
  });
});

describe('estimates and durations', () => {
  const cases: Array<[number, number, string]> = [
    [15, 10, '84 s'],
    [1, 10, '0 s'],
    [900, 10, '90 minutes'],
    [1000, 10, '1.7 hours'],
    [60, 10, '6 minutes'],
  ];
  for (const [calls, rate, text] of cases) {
    it(`${calls} calls at ${rate} a minute: ${text}`, () =>
      assert.equal(formatDuration(estimateDurationMs(calls, rate)), text));
  }
});
