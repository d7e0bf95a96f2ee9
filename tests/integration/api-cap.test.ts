import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { AppHandler } from '../../server/app.ts';
import type { CapReport } from '../../server/queries/cap.ts';
import { createApiApp } from './api-app.ts';

async function getCap(app: AppHandler, year: number): Promise<CapReport> {
  return (await request(app).get(`/api/cap?year=${year}`).expect(200).expect('Content-Type', /json/)).body as CapReport;
}

describe('GET /api/cap on the bundled notifications', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ bundled: true }));
  });

  it('totals 2021 at the published 91,909 barrels (18.38% of the cap), listing the months not notified', async () => {
    const cap = await getCap(app, 2021);
    assert.equal(cap.capBarrels, 500_000);
    assert.equal(cap.totalBarrels, 91_909);
    assert.equal(cap.shareOfCap, 0.1838);
    assert.equal(cap.months.length, 12);
    const china = cap.months.map((m) => m.reporters.CHN?.barrels ?? null);
    assert.deepEqual(china, [null, null, 4893, 92, 8050, 10725, 2829, 11745, 41973, 1666, 8730, 1206]);
    assert.equal(
      china.reduce<number>((sum, b) => sum + (b ?? 0), 0),
      91_909,
    );
    assert.deepEqual(cap.months[0]?.reporters.CHN, {
      barrels: null,
      status: 'not-reported',
      notified: { value: null, unit: 'bbl' },
      factor: null,
      source: 'http://www.koreaherald.com/view.php?ud=20220323000668',
    });
    // Russia notified nil for January to June, nothing for July to December.
    assert.deepEqual(
      cap.months.map((m) => m.reporters.RUS?.status),
      [...Array(6).fill('reported-zero'), ...Array(6).fill('not-reported')],
    );
    assert.deepEqual(cap.missing, [
      { reporter: 'CHN', period: '2021-01' },
      { reporter: 'CHN', period: '2021-02' },
      ...['07', '08', '09', '10', '11', '12'].map((m) => ({ reporter: 'RUS', period: `2021-${m}` })),
    ]);
    assert.equal(cap.complete, false);
    // January: Russia's notified zero is a figure; China's gap is not counted as one.
    assert.equal(cap.months[0]?.totalBarrels, 0);
    assert.deepEqual(cap.months.map((m) => m.cumulativeBarrels).slice(0, 4), [0, 0, 4893, 4985]);
    assert.equal(cap.months[11]?.cumulativeBarrels, 91_909);
    assert.deepEqual(cap.projection, {
      throughMonth: '2021-12',
      monthlyPace: 7659.08,
      capReachedIn: null,
      reached: false,
    });
  });

  it('converts tonnes to barrels with each reporter’s own factor and states it', async () => {
    const cap = await getCap(app, 2019);
    const march = cap.months[2];
    assert.deepEqual(march?.reporters.CHN?.notified, { value: 1194.58, unit: 't' });
    assert.equal(march?.reporters.CHN?.factor, 8.33);
    assert.equal(march?.reporters.CHN?.barrels, 9950.8514);
    const june = cap.months[5];
    assert.equal(june?.reporters.RUS?.barrels, 9028.7); // 1,130 t × 7.99
    assert.deepEqual(
      cap.factors.map((f) => [f.reporter, f.barrelsPerTonne, f.factorReporter, f.used]),
      [
        ['CHN', 8.33, 'CHN', true],
        ['RUS', 7.99, 'RUS', true],
      ],
    );
    // The source is the address of a page printing China's notifications in both units (the derivation is in the
    // factor's note in data/conversion-factors.csv).
    assert.match(cap.factors[0]?.source ?? '', /^https:\/\/en\.yna\.co\.kr\//);
  });

  it('has no total, share or projection for a year with no notification (not zero)', async () => {
    const cap = await getCap(app, 2025);
    assert.equal(cap.totalBarrels, null);
    assert.equal(cap.shareOfCap, null);
    assert.equal(cap.projection, null);
    assert.equal(cap.missing.length, 24);
    assert.ok(cap.months.every((m) => m.totalBarrels === null && m.cumulativeBarrels === null));
  });
});

describe('GET /api/cap: pace, the cap reached, future months (fixture)', () => {
  it('projects the month the cap would be reached at the year-to-date pace', async () => {
    const { app } = await createApiApp({
      fixtures: ['un1718-cap-pace.csv'],
      now: () => new Date('2022-03-15T00:00:00Z'),
    });
    const cap = await getCap(app, 2022);
    // 300,000 bbl in January and February: 150,000 a month reaches 500,000 in April.
    assert.equal(cap.totalBarrels, 300_000);
    assert.deepEqual(cap.projection, {
      throughMonth: '2022-02',
      monthlyPace: 150_000,
      capReachedIn: '2022-04',
      reached: false,
    });
    // Months after "now" cannot have been notified yet: not missing.
    assert.deepEqual(cap.missing, [
      { reporter: 'CHN', period: '2022-03' },
      { reporter: 'RUS', period: '2022-02' },
      { reporter: 'RUS', period: '2022-03' },
    ]);
    assert.deepEqual(
      cap.months.map((m) => m.future),
      [false, false, false, ...Array(9).fill(true)],
    );
  });

  it('gives the month the cap was crossed, and leaves tonnes without a factor out of the totals', async () => {
    const { app } = await createApiApp({ fixtures: ['un1718-cap-pace.csv'] });
    const cap = await getCap(app, 2023);
    assert.equal(cap.totalBarrels, 550_000);
    assert.equal(cap.shareOfCap, 1.1);
    assert.equal(cap.projection?.capReachedIn, '2023-02');
    assert.equal(cap.projection?.reached, true);
    assert.deepEqual(cap.unconverted, [{ reporter: 'CHN', period: '2023-03' }]);
    assert.deepEqual(cap.months[2]?.reporters.CHN?.barrels, null);
    assert.deepEqual(cap.months[2]?.reporters.CHN?.notified, { value: 1000, unit: 't' });
    assert.deepEqual(cap.factors, []);
  });
});
