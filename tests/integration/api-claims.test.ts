import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { AppHandler } from '../../server/app.ts';
import { createApiApp } from './api-app.ts';

interface Claim {
  period: string;
  kind: string;
  value: number | null;
  unit: string | null;
  bound: string;
  source: string;
  quote: string | null;
  dataset: string;
  line: number;
  verdict: string;
  computed: number | string | null;
  reason: string;
  computedFrom: { source: string; unit: string } | null;
  figures: Array<{ period: string; value: number | null; conflict: boolean; sources: string[]; count?: number }>;
}

const scmp =
  'https://www.scmp.com/news/china/diplomacy-defence/article/2125712/china-stops-all-exports-oil-products-north-korea';

async function claimsOf(app: AppHandler, query: string): Promise<Claim[]> {
  const { body } = await request(app).get(`/api/claims?${query}`).expect(200);
  return body.claims as Claim[];
}

function find(claims: readonly Claim[], period: string, kind: string): Claim {
  const claim = claims.find((c) => c.period === period && c.kind === kind);
  assert.ok(claim, `a ${kind} claim for ${period}`);
  return claim;
}

describe('GET /api/claims with the bundled data', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ bundled: true }));
  });

  it('corn, November 2017, "down 82% from a year earlier": cannot be checked, November 2016 is not in the data', async () => {
    const claims = await claimsOf(app, 'commodity=corn&reporter=CHN&partner=PRK&month=2017-11');
    assert.deepEqual(claims.map((c) => c.kind).sort(), ['lowest-since', 'yoy']);
    const yoy = find(claims, '2017-11', 'yoy');
    assert.equal(yoy.value, -82);
    assert.equal(yoy.source, scmp);
    assert.match(yoy.quote ?? '', /down 82 per cent from a year earlier to 100 tonnes/);
    assert.equal(yoy.dataset, 'published-claims');
    assert.equal(yoy.verdict, 'cannot-check');
    assert.equal(yoy.reason, 'November 2016 is not in the data');
    // What the data holds for the two months compared: no corn row for 2016-11, 100 t for 2017-11.
    assert.deepEqual(
      yoy.figures.map((f) => [f.period, f.value]),
      [
        ['2016-11', null],
        ['2017-11', 100],
      ],
    );
  });

  it('corn, "the lowest since January": the data gives the lowest since October 2017 (a reported zero), so it disagrees', async () => {
    const claim = find(await claimsOf(app, 'commodity=corn&month=2017-11'), '2017-11', 'lowest-since');
    assert.equal(claim.verdict, 'disagrees');
    assert.equal(claim.computed, '2017-10');
    assert.equal(claim.reason, 'computed: the lowest since October 2017; published: the lowest since January 2017');
    const october = claim.figures.find((f) => f.period === '2017-10');
    assert.equal(october?.value, 0);
    assert.equal(october?.conflict, false);
    assert.ok((october?.sources[0] ?? '').startsWith('https://www.reuters.com/'));
  });

  it('rice, November 2017, "plunged 64%": computed −63.9% from 1,863 t to 672 t, agrees', async () => {
    const claim = find(await claimsOf(app, 'commodity=rice&month=2017-11'), '2017-11', 'yoy');
    assert.equal(claim.value, -64);
    assert.equal(claim.verdict, 'agrees');
    assert.equal(claim.computed, -63.9);
    assert.deepEqual(
      claim.figures.map((f) => [f.period, f.value]),
      [
        ['2016-11', 1863],
        ['2017-11', 672],
      ],
    );
  });

  it('rice, "the lowest since March": March 2017 is not in the data; 672 t is below every earlier reported month', async () => {
    const claim = find(await claimsOf(app, 'commodity=rice&month=2017-11'), '2017-11', 'lowest-since');
    assert.equal(claim.verdict, 'cannot-check');
    assert.equal(claim.computed, null);
    assert.equal(claim.reason, 'March 2017 is not in the data; the data gives lower than every earlier reported month');
  });

  it('rice, August 2017, Bloomberg "+15%" against JoongAng\'s 6,300 t a year earlier: computed +17.4%, disagrees', async () => {
    const claim = find(await claimsOf(app, 'commodity=rice&month=2017-08'), '2017-08', 'yoy');
    assert.equal(claim.verdict, 'disagrees');
    assert.equal(claim.computed, 17.4);
    assert.match(claim.reason, /published \+15%/);
  });

  it('without month: every claim about the series, by period', async () => {
    const claims = await claimsOf(app, 'commodity=rice');
    assert.deepEqual(
      claims.map((c) => [c.period, c.kind]),
      [
        ['2017-08', 'yoy'],
        ['2017-09', 'mom'],
        ['2017-09', 'yoy'],
        ['2017-11', 'lowest-since'],
        ['2017-11', 'yoy'],
        ['2019-12', 'mom'],
      ],
    );
  });

  it('Russia 2024: 43 tanker calls and over 1 million barrels are set beside the 5 dated calls the data lists', async () => {
    const claims = await claimsOf(app, 'commodity=refined-oil&reporter=RUS&month=2024-11');
    assert.deepEqual(
      claims.map((c) => [c.kind, c.value, c.unit, c.bound, c.verdict, c.computed]),
      [
        // The count is checked against the dated calls (source shipments): 5 listed, fewer than 43, and a list of
        // sightings may be incomplete, so it cannot be checked, never "disagrees".
        ['total', 43, 'calls', 'exact', 'cannot-check', 5],
        // "More than 1 million barrels": no customs figure, no 1718 notification (Russia notified nothing after
        // January 2024) and no published volume for the calls: nothing to add up, and the reason says each.
        ['total', 1000000, 'bbl', 'more-than', 'cannot-check', null],
      ],
    );
    assert.deepEqual(claims[0]?.computedFrom, { source: 'shipments', unit: 'bbl' });
    assert.equal(
      claims[0]?.reason,
      'the data lists 5 dated calls from March 2024 to November 2024; published 43: a list of sightings may be incomplete, so fewer calls say nothing against it',
    );
    assert.deepEqual(
      claims[0]?.figures.filter((f) => (f.count ?? 0) > 0).map((f) => [f.period, f.count]),
      [
        ['2024-03', 1],
        ['2024-04', 4],
      ],
    );
    assert.equal(
      claims[1]?.reason,
      'nothing in the data from March 2024 to November 2024 to add up: no customs figures; no 1718 Committee notifications; the data lists 5 shipments but no published volume',
    );
    assert.equal(claims[1]?.computedFrom, null);
  });

  it("Russia 2023: the published totals in barrels are set beside Russia's 1718 notifications", async () => {
    const claims = await claimsOf(app, 'commodity=refined-oil&reporter=RUS&month=2023-12');
    assert.deepEqual(
      claims.map((c) => [c.kind, c.value, c.unit, c.verdict, c.computed, c.computedFrom?.source]),
      [
        // March to December: the ten notified months, October a reported nil, add up to 50,522 bbl.
        ['total', 50523, 'bbl', 'agrees', 50522, 'un1718'],
        // The whole year: January's 44,655 and February's 10,666 bbl on top.
        ['total', 105845, 'bbl', 'agrees', 105843, 'un1718'],
      ],
    );
  });

  it("finds a group's claims by its HS heading too: rice is HS 1006", async () => {
    const byGroup = await claimsOf(app, 'commodity=rice&reporter=CHN&month=2017-11');
    const byHeading = await claimsOf(app, 'commodity=1006&reporter=CHN&month=2017-11');
    assert.ok(byGroup.length >= 2);
    assert.deepEqual(
      byHeading.map((c) => [c.kind, c.verdict, c.reason]),
      byGroup.map((c) => [c.kind, c.verdict, c.reason]),
    );
  });

  it('bad parameters are 400 with the JSON error body', async () => {
    for (const query of [
      '',
      'commodity=corn&month=2017-13',
      'commodity=wheat',
      'commodity=corn&reporter=XX',
      'commodity=corn&month=2099-01',
      'commodity=corn&x=1',
    ]) {
      const { body } = await request(app).get(`/api/claims?${query}`).expect(400);
      assert.equal(body.error.code, 'invalid-parameter', query);
      assert.equal(typeof body.error.message, 'string');
    }
  });
});

describe('GET /api/claims where sources disagree', () => {
  it('a claim across a month whose sources conflict says so instead of a verdict', async () => {
    // A second report of October 2017 corn (50 t) beside the bundled reported zero.
    const { app } = await createApiApp({ bundled: true, fixtures: ['second-report-oct-2017-corn.csv'] });
    const claim = find(await claimsOf(app, 'commodity=corn&month=2017-11'), '2017-11', 'lowest-since');
    assert.equal(claim.verdict, 'cannot-check');
    assert.match(claim.reason, /^conflicting sources for October 2017/);
    assert.equal(claim.figures.find((f) => f.period === '2017-10')?.conflict, true);
  });

  it('a change whose month has conflicting sources cannot be checked', async () => {
    // A second report of November 2017 rice: 700 t against the bundled 672 t.
    const { app } = await createApiApp({ bundled: true, fixtures: ['second-report-nov-2017.csv'] });
    const claim = find(await claimsOf(app, 'commodity=rice&month=2017-11'), '2017-11', 'yoy');
    assert.equal(claim.verdict, 'cannot-check');
    assert.equal(claim.reason, 'conflicting sources for November 2017');
  });
});
