import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { AppHandler } from '../../server/app.ts';
import type { Series } from '../../server/queries/series.ts';
import type { SeriesPoint } from '../../server/queries/series-math.ts';
import { createApiApp } from './api-app.ts';

type Row = [string, number | null, string];

const rows = (series: Series | undefined): Row[] => (series?.points ?? []).map((p) => [p.period, p.value, p.status]);

function pointAt(series: Series | undefined, period: string): SeriesPoint {
  const found = series?.points.find((p) => p.period === period);
  assert.ok(found, `no point ${period}`);
  return found;
}

async function getSeries(
  app: AppHandler,
  query: string,
): Promise<{ query: Record<string, unknown>; series: Series[] }> {
  const response = await request(app).get(`/api/series?${query}`).expect(200).expect('Content-Type', /json/);
  return response.body as { query: Record<string, unknown>; series: Series[] };
}

describe('GET /api/series on the bundled data', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ bundled: true }));
  });

  it('gives every month of the range, a gap as null and not-reported, a reported zero as 0', async () => {
    const body = await getSeries(app, 'commodity=corn&reporter=CHN&from=2017-10&to=2018-01');
    assert.deepEqual(body.query, {
      commodity: ['corn'],
      reporter: ['CHN'],
      partner: 'PRK',
      direction: 'export',
      source: 'customs',
      measure: 'quantity',
      unit: 't',
      interval: 'month',
      from: '2017-10',
      to: '2018-01',
    });
    const [corn] = body.series;
    assert.equal(corn?.key, 'corn:CHN');
    assert.equal(corn?.commodityLabel, 'Corn (maize)');
    assert.equal(corn?.conversion, null);
    assert.deepEqual(rows(corn), [
      ['2017-10', 0, 'reported-zero'],
      ['2017-11', 100, 'reported'],
      ['2017-12', null, 'not-reported'],
      ['2018-01', 0, 'reported-zero'],
    ]);
    // 0 → 100 is a change of +100 with no percentage; nothing is computed against December's gap.
    assert.deepEqual(pointAt(corn, '2017-11').change, { mom: { absolute: 100, percent: null }, yoy: null });
    assert.deepEqual(pointAt(corn, '2017-12').change, { mom: null, yoy: null });
    assert.deepEqual(pointAt(corn, '2018-01').change, { mom: null, yoy: null });
    assert.deepEqual(pointAt(corn, '2017-12').sources, []);
    assert.match(pointAt(corn, '2017-11').sources[0] ?? '', /^https:\/\/www\.scmp\.com\//);
  });

  it('compares November 2017 rice with November 2016: 672 t against 1,863 t is -1,191 t, -63.9%', async () => {
    const [rice] = (await getSeries(app, 'commodity=rice&reporter=CHN&from=2017-11&to=2017-11')).series;
    assert.deepEqual(rows(rice), [['2017-11', 672, 'reported']]);
    // The year-earlier month is outside from..to but still compared.
    assert.deepEqual(pointAt(rice, '2017-11').change, { mom: null, yoy: { absolute: -1191, percent: -63.9 } });
  });

  it('defaults from/to to the extent of the data and gives one series per commodity and reporter', async () => {
    const body = await getSeries(app, 'commodity=rice,corn&reporter=CHN,RUS');
    assert.deepEqual(
      body.series.map((s) => s.key),
      ['rice:CHN', 'rice:RUS', 'corn:CHN', 'corn:RUS'],
    );
    assert.equal(body.query.from, '2013-09');
    assert.equal(body.query.to, '2023-03');
    for (const series of body.series) assert.equal(series.points.length, 115);
    // No Russian customs figures are bundled: every month is a gap, never a zero.
    assert.ok(body.series[1]?.points.every((p) => p.value === null && p.status === 'not-reported'));
  });

  it('sums refined-oil products when no total was published, and marks the sum partial', async () => {
    const [oil] = (await getSeries(app, 'commodity=refined-oil&reporter=CHN&from=2017-03&to=2017-04')).series;
    // 2017-03: diesel 6508 + fuel-oil-5-7 523 + fuel-oil-other 8108 + gasoline 14336 + jet-fuel 132. LPG (71 t) is
    // HS 2711, not refined oil (migration 0004).
    assert.deepEqual(rows(oil), [
      ['2017-03', 29607, 'reported'],
      ['2017-04', 17288, 'reported'],
    ]);
    assert.equal(pointAt(oil, '2017-03').partial, true);
    assert.match(
      pointAt(oil, '2017-03').note ?? '',
      /sum of the parts published \(diesel, fuel-oil-5-7, fuel-oil-other, gasoline, jet-fuel\); no total was published/,
    );
  });

  it('gives one product on its own, complete', async () => {
    const [diesel] = (await getSeries(app, 'commodity=diesel&reporter=CHN&from=2017-10&to=2017-12')).series;
    assert.deepEqual(rows(diesel), [
      ['2017-10', 0, 'reported-zero'],
      ['2017-11', 0, 'reported-zero'],
      ['2017-12', 0, 'reported-zero'],
    ]);
    assert.ok(diesel?.points.every((p) => !p.partial));
    assert.deepEqual(pointAt(diesel, '2017-11').change.mom, { absolute: 0, percent: null });
  });

  it('reads keys and country codes in any case', async () => {
    const body = await getSeries(app, 'commodity=Corn&reporter=chn&partner=prk&from=2017-11&to=2017-11');
    assert.deepEqual(
      body.series.map((s) => [s.key, s.partner, s.points[0]?.value]),
      [['corn:CHN', 'PRK', 100]],
    );
  });

  it('selects by HS code, including a 4-digit heading', async () => {
    const [byCode] = (await getSeries(app, 'commodity=1006&reporter=CHN&from=2017-11&to=2017-11')).series;
    assert.equal(byCode?.commodityLabel, 'HS 1006');
    assert.deepEqual(rows(byCode), [['2017-11', 672, 'reported']]);
  });

  it('converts tonnes to barrels with the reporter-specific factor, and says which', async () => {
    const [oil] = (await getSeries(app, 'commodity=jet-fuel&reporter=CHN&unit=bbl&from=2017-12&to=2017-12')).series;
    // jet-fuel has its own generic factor (7.77), which comes before the group's CHN factor.
    assert.deepEqual(rows(oil), [['2017-12', 38.85, 'reported']]);
    assert.equal(oil?.conversion?.barrelsPerTonne, 7.77);
    assert.equal(oil?.conversion?.commodity, 'jet-fuel');
    assert.equal(oil?.conversion?.reporter, '');
    assert.equal(oil?.conversion?.applied, 't→bbl');
    assert.match(oil?.conversion?.source ?? '', /^https:\/\/unstats\.un\.org\/unsd\/energy\/yearbook\//);

    const [group] = (await getSeries(app, 'commodity=refined-oil&reporter=CHN&unit=bbl&from=2017-12&to=2017-12'))
      .series;
    assert.deepEqual(rows(group), [['2017-12', 41.65, 'reported']]); // 5 t × 8.33, China's own factor
    assert.equal(group?.conversion?.reporter, 'CHN');
  });

  it('gives kilograms exactly, with no factor', async () => {
    const [rice] = (await getSeries(app, 'commodity=rice&reporter=CHN&unit=kg&from=2017-11&to=2017-11')).series;
    assert.deepEqual(rows(rice), [['2017-11', 672000, 'reported']]);
    assert.deepEqual(pointAt(rice, '2017-11').change.yoy, { absolute: -1191000, percent: -63.9 });
    assert.equal(rice?.conversion, null);
  });

  it('reads trade values in US dollars', async () => {
    const [rice] = (await getSeries(app, 'commodity=rice&reporter=CHN&measure=value&from=2022-10&to=2022-11')).series;
    assert.equal(rice?.unit, 'usd');
    assert.deepEqual(rows(rice), [
      ['2022-10', 7300000, 'reported'],
      ['2022-11', null, 'not-reported'],
    ]);
  });

  it('marks the long-grain milled rice of October 2022 and March 2023 as a part of rice, not all of it', async () => {
    // GAC published these two months for its national line 10063020, not for HS 1006 (issue 12): the rice series
    // shows them, but as partial figures whose note says so, so no card or sentence calls them a total or a record.
    const [rice] = (await getSeries(app, 'commodity=rice&reporter=CHN&from=2022-10&to=2023-03')).series;
    for (const period of ['2022-10', '2023-03']) {
      const point = pointAt(rice, period);
      assert.equal(point.partial, true, period);
      assert.match(point.note ?? '', /HS 10063020/, period);
    }
    assert.deepEqual([pointAt(rice, '2022-10').value, pointAt(rice, '2023-03').value], [16450, 46760]);
    const headline = await request(app).get('/api/headline?commodity=rice&reporter=CHN&month=2023-03').expect(200);
    const facts = headline.body as { partial: boolean; partialMonths: string[]; sentence: string };
    assert.equal(facts.partial, true);
    assert.deepEqual(facts.partialMonths, ['2022-10', '2023-03']);
    assert.match(facts.sentence, /at least 46,760 tonnes/);
    assert.match(facts.sentence, /sum of the parts published/);
  });

  it('reads 1718 notifications in barrels, converting tonnes with the reporter factor, and back to tonnes', async () => {
    const body = await getSeries(app, 'commodity=refined-oil&source=un1718&reporter=CHN,RUS&from=2019-03&to=2019-03');
    assert.equal(body.query.unit, 'bbl');
    const [china, russia] = body.series;
    assert.deepEqual(rows(china), [['2019-03', 9950.8514, 'reported']]); // 1,194.58 t × 8.33
    assert.equal(china?.conversion?.applied, 't→bbl');
    assert.deepEqual(rows(russia), [['2019-03', null, 'not-reported']]);

    const [inTonnes] = (
      await getSeries(app, 'commodity=refined-oil&source=un1718&reporter=CHN&unit=t&from=2021-01&to=2021-03')
    ).series;
    assert.deepEqual(rows(inTonnes), [
      ['2021-01', null, 'not-reported'],
      ['2021-02', null, 'not-reported'],
      ['2021-03', 587.394957983193, 'reported'], // 4,893 bbl ÷ 8.33 (Yonhap printed 587.4 t)
    ]);
    assert.equal(inTonnes?.conversion?.applied, 'bbl→t');
    // The gap cites the report that says China did not notify.
    assert.match(pointAt(inTonnes, '2021-01').sources[0] ?? '', /koreaherald/);
  });

  it('keeps Russia’s notified nil months as reported zeros', async () => {
    const [russia] = (await getSeries(app, 'commodity=refined-oil&source=un1718&reporter=RUS&from=2021-09&to=2021-11'))
      .series;
    assert.deepEqual(rows(russia), [
      ['2021-09', 0, 'reported-zero'],
      ['2021-10', 0, 'reported-zero'],
      ['2021-11', null, 'not-reported'],
    ]);
  });

  it('sums shipments per month and counts them, a month without published quantities being null', async () => {
    const [russia] = (
      await getSeries(app, 'commodity=refined-oil&source=shipments&reporter=RUS&from=2024-02&to=2024-04')
    ).series;
    assert.deepEqual(
      russia?.points.map((p) => [p.period, p.value, p.status, p.count]),
      [
        ['2024-02', null, 'not-reported', 0],
        ['2024-03', null, 'not-reported', 1],
        ['2024-04', null, 'not-reported', 4],
      ],
    );
    const [vityaz] = (
      await getSeries(app, 'commodity=refined-oil&source=shipments&reporter=RUS&from=2017-10&to=2017-10')
    ).series;
    assert.deepEqual(
      vityaz?.points.map((p) => [p.value, p.status, p.count, p.partial]),
      [[12784, 'estimated', 1, false]],
    ); // 1,600 t × 7.99
  });

  it('gives yearly series, summing months into partial years', async () => {
    const body = await getSeries(app, 'commodity=rice&reporter=CHN&interval=year&from=2016&to=2018');
    assert.deepEqual(body.query.from, '2016');
    const [rice] = body.series;
    assert.deepEqual(
      rice?.points.map((p) => [p.period, p.value, p.partial, p.change.yoy]),
      [
        ['2016', 24163, true, null], // Aug 6,300 + Sep 16,000 + Nov 1,863
        ['2017', 22485, true, null], // Apr 1,542 + Jul 10,476 + Aug 7,399 + Sep 2,396 + Nov 672
        ['2018', 457, true, null],
      ],
    );
  });
});

describe('GET /api/series: gaps and year boundaries (fixture)', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ fixtures: ['flows-boundaries.csv'] }));
  });

  it('computes MoM and YoY across the turn of the year and never across a gap', async () => {
    const [corn] = (await getSeries(app, 'commodity=corn&reporter=CHN&from=2017-01&to=2019-01')).series;
    const change = (period: string): SeriesPoint['change'] => pointAt(corn, period).change;
    assert.deepEqual(change('2017-01'), { mom: { absolute: -50, percent: -25 }, yoy: null }); // against 2016-12, before `from`
    assert.deepEqual(change('2017-12'), { mom: null, yoy: { absolute: 100, percent: 50 } }); // November 2017 is a gap
    assert.deepEqual(change('2018-01'), {
      mom: { absolute: -300, percent: -100 },
      yoy: { absolute: -150, percent: -100 },
    });
    assert.deepEqual(change('2018-02'), { mom: null, yoy: null }); // not reported
    assert.deepEqual(change('2018-03'), { mom: null, yoy: null }); // February was a gap, March 2017 too
    assert.deepEqual(change('2019-01'), { mom: null, yoy: { absolute: 30, percent: null } }); // from a reported zero
    assert.deepEqual([pointAt(corn, '2019-01').value, pointAt(corn, '2019-01').status], [30, 'estimated']); // 30,000 kg
    assert.deepEqual([pointAt(corn, '2018-02').value, pointAt(corn, '2018-02').status], [null, 'not-reported']);
  });

  it('keeps the value series apart from the quantity series', async () => {
    const [corn] = (await getSeries(app, 'commodity=corn&reporter=CHN&measure=value&from=2017-12&to=2018-03')).series;
    assert.deepEqual(rows(corn), [
      ['2017-12', 60000, 'reported'],
      ['2018-01', 0, 'reported-zero'],
      ['2018-02', null, 'not-reported'],
      ['2018-03', null, 'not-reported'], // a quantity was published, a value was not
    ]);
  });
});

describe('GET /api/series: choosing rows without double counting (fixtures)', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ fixtures: ['flows-parts-older.csv', 'flows-parts-newer.csv'] }));
  });

  it('applies each rule of docs/api.md', async () => {
    const [oil] = (await getSeries(app, 'commodity=refined-oil&reporter=CHN&from=2017-03&to=2017-11')).series;
    const at = (period: string): [number | null, string, boolean] => {
      const p = pointAt(oil, period);
      return [p.value, p.status, p.partial];
    };
    assert.deepEqual(at('2017-03'), [32, 'reported', true], 'the newer dataset’s diesel (12) replaces the older (10)');
    assert.deepEqual(at('2017-04'), [null, 'not-reported', false]);
    assert.deepEqual(
      at('2017-05'),
      [100, 'reported', false],
      'the 2710 total (100) stands for diesel; LPG (2711) is petroleum gas, not refined oil',
    );
    assert.deepEqual(at('2017-06'), [9, 'reported', true], 'fuel-oil is the total of fuel-oil-5-7 and fuel-oil-other');
    assert.deepEqual(at('2017-07'), [80, 'reported', true], 'the HS breakdown (271019 + 271012) is used, not diesel');
    assert.deepEqual(at('2017-08'), [3, 'reported', true], 'a total marked not reported leaves its parts');
    assert.match(pointAt(oil, '2017-08').note ?? '', /not reported: HS 2710/);
    assert.deepEqual(at('2017-09'), [0, 'reported-zero', true], 'all parts reported zero');
    assert.deepEqual(at('2017-10'), [10, 'estimated', true], 'a part estimated');
    assert.deepEqual(at('2017-11'), [10, 'reported', true], 'a part in m3 cannot be added to tonnes');
    assert.match(pointAt(oil, '2017-11').note ?? '', /a figure reported in m3 cannot be converted to t/);
  });

  it('gives a product series the product and the products it is the total of', async () => {
    const [fuelOil] = (await getSeries(app, 'commodity=fuel-oil&reporter=CHN&from=2017-06&to=2017-06')).series;
    assert.deepEqual(
      fuelOil?.points.map((p) => [p.value, p.partial]),
      [[9, false]],
    );
    const [fiveToSeven] = (await getSeries(app, 'commodity=fuel-oil-5-7&reporter=CHN&from=2017-06&to=2017-06')).series;
    assert.deepEqual(
      fiveToSeven?.points.map((p) => [p.value, p.partial]),
      [[4, false]],
    );
  });

  it('gives an HS sub-heading on its own', async () => {
    const [sub] = (await getSeries(app, 'commodity=271019&reporter=CHN&from=2017-07&to=2017-07')).series;
    assert.deepEqual(rows(sub), [['2017-07', 50, 'reported']]);
    assert.equal(sub?.points[0]?.partial, false);
  });
});

describe('GET /api/series: yearly series with published annual figures (fixture)', () => {
  it('uses an annual figure as published, sums twelve reported months as complete, and compares complete years only', async () => {
    const { app } = await createApiApp({ fixtures: ['flows-years.csv'] });
    const [rice] = (await getSeries(app, 'commodity=rice&reporter=CHN&interval=year')).series;
    assert.deepEqual(
      rice?.points.map((p) => [p.period, p.value, p.status, p.partial, p.change]),
      [
        ['2015', 1200, 'reported', false, { mom: null, yoy: null }],
        // Twelve months reported (November's a reported zero): complete, so compared with 2015.
        ['2016', 1300, 'reported', false, { mom: null, yoy: { absolute: 100, percent: 8.3 } }],
        ['2017', 900, 'reported', true, { mom: null, yoy: null }],
      ],
    );
    assert.equal(rice?.points[2]?.note, 'summed from 2 of 12 months');
    // A monthly series never shows the annual-only year.
    const [monthly] = (await getSeries(app, 'commodity=rice&reporter=CHN')).series;
    assert.equal(monthly?.points[0]?.period, '2016-01');
  });
});
