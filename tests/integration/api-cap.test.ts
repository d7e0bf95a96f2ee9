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
    // Russia notified nil for January to October (July to October: VOA, 3 Dec 2021), nothing for November and
    // December.
    assert.deepEqual(
      cap.months.map((m) => m.reporters.RUS?.status),
      [...Array(10).fill('reported-zero'), ...Array(2).fill('not-reported')],
    );
    assert.deepEqual(cap.missing, [
      { reporter: 'CHN', period: '2021-01' },
      { reporter: 'CHN', period: '2021-02' },
      ...['11', '12'].map((m) => ({ reporter: 'RUS', period: `2021-${m}` })),
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

  it("gives each reporter's 2023 total with the months it covers: Russia 105,843 bbl over 12 months", async () => {
    const cap = await getCap(app, 2023);
    const russia = cap.reporterTotals.find((t) => t.reporter === 'RUS');
    // Yonhap (30 Jan 2024, citing the 1718 Committee's page): Russia's twelve monthly notifications of 2023.
    assert.equal(russia?.barrels, 105_843);
    assert.equal(russia?.months.length, 12);
    assert.equal(russia?.shareOfCap, 0.2117);
    assert.deepEqual(russia?.sources, ['https://v.daum.net/v/20240130144742039']);
    const china = cap.reporterTotals.find((t) => t.reporter === 'CHN');
    // The per-reporter totals add up to the year's total; China's covers only the months China is known to have notified.
    assert.equal((china?.barrels ?? 0) + (russia?.barrels ?? 0), cap.totalBarrels);
    assert.ok(china && china.months.length < 12, 'China did not notify every month of 2023 in the data');
    for (const month of china?.months ?? [])
      assert.notEqual(cap.months.find((m) => m.period === month)?.reporters.CHN?.barrels, null);
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
  it('projects no year from two months of notifications, and says why', async () => {
    const { app } = await createApiApp({
      fixtures: ['un1718-cap-pace.csv'],
      now: () => new Date('2022-03-15T00:00:00Z'),
    });
    const cap = await getCap(app, 2022);
    // 300,000 bbl in January and February: a pace of 150,000 a month, but from two months only.
    assert.equal(cap.totalBarrels, 300_000);
    assert.equal(cap.projection, null);
    assert.equal(cap.projectionNote, 'no projection from 2 months with notifications; it takes at least 3');
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

  it('projects the month the cap would be reached at the pace of three months', async () => {
    const { app } = await createApiApp({
      fixtures: ['un1718-cap-three-months.csv'],
      now: () => new Date('2024-04-15T00:00:00Z'),
    });
    const cap = await getCap(app, 2024);
    // 100,000 bbl a month in January to March: 500,000 is reached in May.
    assert.deepEqual(cap.projection, {
      throughMonth: '2024-03',
      monthlyPace: 100_000,
      capReachedIn: '2024-05',
      reached: false,
    });
    assert.equal(cap.projectionNote, null);
    assert.deepEqual(cap.reporterTotals, [
      {
        reporter: 'CHN',
        barrels: 300_000,
        months: ['2024-01', '2024-02', '2024-03'],
        shareOfCap: 0.6,
        sources: ['https://example.org/cap-2024'],
      },
      { reporter: 'RUS', barrels: null, months: [], shareOfCap: null, sources: [] },
    ]);
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
