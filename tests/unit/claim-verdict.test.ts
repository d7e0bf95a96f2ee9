import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkClaim,
  percentAgrees,
  type ClaimStatement,
  type MonthFigure,
} from '../../server/queries/claim-verdict.ts';
import { findExtremesSince, monthName } from '../../server/queries/series-math.ts';

/** Months from a compact table: `[period, value]`, optionally flagged conflict or partial. */
function months(...rows: Array<[string, number | null, ('conflict' | 'partial')?]>): MonthFigure[] {
  return rows.map(([period, value, flag]) => ({
    period,
    value,
    conflict: flag === 'conflict',
    partial: flag === 'partial',
  }));
}

function claim(partial: Partial<ClaimStatement> & Pick<ClaimStatement, 'kind' | 'period'>): ClaimStatement {
  return { value: null, unit: null, bound: 'exact', periodFrom: null, ...partial };
}

describe('percentAgrees: the computed percent, rounded as the published one is', () => {
  const cases: Array<[published: number, computed: number, agrees: boolean]> = [
    [82, 81.5, true],
    [82, 82.4, true],
    [82, 81.4, false],
    [82, 82.5, false],
    [-82, -81.5, true], // halves round away from zero, as for a positive percent
    [-82, -82.5, false],
    [-82, -81.4, false],
    [-82, -82.4, true],
    [-64, -63.93, true],
    [-63.9, -63.93, true],
    [-63.9, -63.86, true],
    [-63.9, -63.84, false],
    [15, 17.44, false],
  ];
  for (const [published, computed, agrees] of cases) {
    it(`published ${published}%, computed ${computed}% → ${agrees ? 'agrees' : 'disagrees'}`, () => {
      assert.equal(percentAgrees(published, computed), agrees);
    });
  }
});

describe('checkClaim: yoy and mom', () => {
  const rice = months(['2016-11', 1863], ['2017-10', null], ['2017-11', 672]);
  const cases: Array<
    [name: string, ClaimStatement, MonthFigure[], verdict: string, computed: number | null, reason: RegExp]
  > = [
    [
      '−64% y/y on 1,863 → 672 t',
      claim({ kind: 'yoy', period: '2017-11', value: -64 }),
      rice,
      'agrees',
      -63.9,
      /^computed -63\.9%/,
    ],
    [
      '−60% y/y on the same months',
      claim({ kind: 'yoy', period: '2017-11', value: -60 }),
      rice,
      'disagrees',
      -63.9,
      /published -60%/,
    ],
    [
      'base month not in the data',
      claim({ kind: 'yoy', period: '2017-11', value: -82 }),
      months(['2017-11', 100]),
      'cannot-check',
      null,
      /^November 2016 is not in the data$/,
    ],
    [
      'month before not reported',
      claim({ kind: 'mom', period: '2017-11', value: 5 }),
      rice,
      'cannot-check',
      null,
      /^October 2017 is not in the data$/,
    ],
    [
      'the claim month itself missing',
      claim({ kind: 'yoy', period: '2017-10', value: 5 }),
      rice,
      'cannot-check',
      null,
      /^October 2017 is not in the data$/,
    ],
    [
      'base a reported zero',
      claim({ kind: 'mom', period: '2017-11', value: 5 }),
      months(['2017-10', 0], ['2017-11', 100]),
      'cannot-check',
      null,
      /reported zero/,
    ],
    [
      'base in conflict',
      claim({ kind: 'mom', period: '2017-11', value: 5 }),
      months(['2017-10', 90, 'conflict'], ['2017-11', 100]),
      'cannot-check',
      null,
      /^conflicting sources for October 2017$/,
    ],
    [
      'month partial',
      claim({ kind: 'mom', period: '2017-11', value: 5 }),
      months(['2017-10', 90], ['2017-11', 100, 'partial']),
      'cannot-check',
      null,
      /partial/,
    ],
  ];
  for (const [name, statement, points, verdict, computed, reason] of cases) {
    it(name, () => {
      const check = checkClaim(statement, points);
      assert.equal(check.verdict, verdict);
      assert.equal(check.computed, computed);
      assert.match(check.reason, reason);
    });
  }
});

describe('checkClaim: total', () => {
  const three = months(['2024-03', 100], ['2024-04', 200], ['2024-05', 300]);
  const cases: Array<[name: string, value: number, points: MonthFigure[], verdict: string, reason: RegExp]> = [
    ['exact', 600, three, 'agrees', /computed 600 bbl over 3 months; published 600/],
    ['within 0.5%', 602, three, 'agrees', /computed 600/],
    ['beyond 0.5%', 610, three, 'disagrees', /published 610/],
    [
      'a month in between missing',
      600,
      months(['2024-03', 100], ['2024-04', null], ['2024-05', 300]),
      'cannot-check',
      /not in the data: April 2024 \(a month in between is not reported\)/,
    ],
    ['no month at all', 600, [], 'cannot-check', /^no month from March 2024 to May 2024 is in the data$/],
    [
      'a month in conflict',
      600,
      months(['2024-03', 100], ['2024-04', 200, 'conflict'], ['2024-05', 300]),
      'cannot-check',
      /^conflicting sources for April 2024$/,
    ],
  ];
  for (const [name, value, points, verdict, reason] of cases) {
    it(name, () => {
      const check = checkClaim(
        claim({ kind: 'total', period: '2024-05', periodFrom: '2024-03', unit: 'bbl', value }),
        points,
      );
      assert.equal(check.verdict, verdict);
      assert.match(check.reason, reason);
      assert.deepEqual(check.months, ['2024-03', '2024-04', '2024-05']);
    });
  }
});

describe('checkClaim: a total that is a bound ("more than 1 million barrels")', () => {
  const three = months(['2024-03', 100], ['2024-04', 200], ['2024-05', 300]);
  const cases: Array<[bound: ClaimStatement['bound'], value: number, verdict: string, reason: RegExp]> = [
    ['more-than', 500, 'agrees', /computed 600 bbl over 3 months; published more than 500 bbl/],
    ['more-than', 602, 'agrees', /published more than 602/], // within 0.5%: "over 602" of a rounded 600
    ['more-than', 700, 'disagrees', /published more than 700/],
    ['less-than', 700, 'agrees', /published less than 700/],
    ['less-than', 500, 'disagrees', /published less than 500/],
    ['exact', 500, 'disagrees', /published 500 bbl$/],
  ];
  for (const [bound, value, verdict, reason] of cases) {
    it(`${bound} ${value} against a computed 600 → ${verdict}`, () => {
      const check = checkClaim(
        claim({ kind: 'total', period: '2024-05', periodFrom: '2024-03', unit: 'bbl', value, bound }),
        three,
      );
      assert.equal(check.verdict, verdict);
      assert.equal(check.computed, 600);
      assert.match(check.reason, reason);
    });
  }
});

describe('checkClaim: a count of tanker calls against the dated calls listed', () => {
  /** Shipment months: no volume, only how many calls are listed. */
  const calls = (...counts: number[]): MonthFigure[] =>
    counts.map((count, i) => ({ period: `2024-0${i + 3}`, value: null, partial: false, conflict: false, count }));
  const cases: Array<[bound: ClaimStatement['bound'], published: number, listed: number[], verdict: string]> = [
    ['exact', 43, [1, 4, 0], 'cannot-check'], // 5 listed: a list of sightings is a floor, fewer says nothing
    ['exact', 5, [1, 4, 0], 'agrees'],
    ['exact', 4, [1, 4, 0], 'disagrees'], // more calls listed than were published
    ['more-than', 4, [1, 4, 0], 'agrees'],
    ['more-than', 5, [1, 4, 0], 'cannot-check'],
    ['less-than', 5, [1, 4, 0], 'disagrees'],
    ['less-than', 6, [1, 4, 0], 'cannot-check'],
  ];
  for (const [bound, published, listed, verdict] of cases) {
    it(`${bound} ${published} calls, ${listed.join('+')} listed → ${verdict}`, () => {
      const check = checkClaim(
        claim({ kind: 'total', period: '2024-05', periodFrom: '2024-03', unit: 'calls', value: published, bound }),
        calls(...listed),
      );
      assert.equal(check.verdict, verdict);
      assert.equal(check.computed, 5);
      assert.match(check.reason, /^the data lists 5 dated calls from March 2024 to May 2024/);
      assert.deepEqual(check.months, ['2024-03', '2024-04', '2024-05']);
    });
  }

  it('counts only the months of the total', () => {
    const check = checkClaim(
      claim({ kind: 'total', period: '2024-04', periodFrom: '2024-04', unit: 'calls', value: 4 }),
      calls(1, 4, 7),
    );
    assert.deepEqual([check.verdict, check.computed], ['agrees', 4]);
  });
});
describe('checkClaim: lowest-since and highest-since', () => {
  const cases: Array<
    [name: string, ClaimStatement, MonthFigure[], verdict: string, computed: string | null, reason: RegExp]
  > = [
    [
      'the named month is the most recent one at or below: agrees',
      claim({ kind: 'lowest-since', period: '2017-04', periodFrom: '2017-01' }),
      months(['2017-01', 50], ['2017-02', 300], ['2017-03', 200], ['2017-04', 100]),
      'agrees',
      '2017-01',
      /the lowest since January 2017; published: the lowest since January 2017/,
    ],
    [
      'a later month was lower: disagrees, whatever the gaps',
      claim({ kind: 'lowest-since', period: '2017-11', periodFrom: '2017-01' }),
      months(['2017-01', null], ['2017-04', 1506], ['2017-10', 0], ['2017-11', 100]),
      'disagrees',
      '2017-10',
      /computed: the lowest since October 2017/,
    ],
    [
      'the month that contradicts it is in conflict: cannot check',
      claim({ kind: 'lowest-since', period: '2017-11', periodFrom: '2017-01' }),
      months(['2017-01', null], ['2017-10', 0, 'conflict'], ['2017-11', 100]),
      'cannot-check',
      '2017-10',
      /^conflicting sources for October 2017; the data gives the lowest since October 2017$/,
    ],
    [
      'the named month not in the data',
      claim({ kind: 'lowest-since', period: '2017-11', periodFrom: '2017-03' }),
      months(['2016-11', 1863], ['2017-04', 1542], ['2017-11', 672]),
      'cannot-check',
      null,
      /^March 2017 is not in the data; the data gives lower than every earlier reported month$/,
    ],
    [
      'a month in between not reported',
      claim({ kind: 'highest-since', period: '2017-11', periodFrom: '2017-08' }),
      months(['2017-08', 7399], ['2017-09', null], ['2017-10', null], ['2017-11', 672]),
      'cannot-check',
      '2017-08',
      /^a month in between is not reported \(September 2017, October 2017\)/,
    ],
    [
      'a partial month in between',
      claim({ kind: 'highest-since', period: '2017-11', periodFrom: '2017-09' }),
      months(['2017-09', 900], ['2017-10', 10, 'partial'], ['2017-11', 672]),
      'cannot-check',
      '2017-09',
      /partial/,
    ],
    [
      'the named month is higher than the month: disagrees',
      claim({ kind: 'lowest-since', period: '2017-03', periodFrom: '2017-01' }),
      months(['2017-01', 500], ['2017-02', 400], ['2017-03', 100]),
      'disagrees',
      null,
      /computed: lower than every earlier reported month/,
    ],
  ];
  for (const [name, statement, points, verdict, computed, reason] of cases) {
    it(name, () => {
      const check = checkClaim(statement, points);
      assert.equal(check.verdict, verdict);
      assert.equal(check.computed, computed);
      assert.match(check.reason, reason);
    });
  }

  it('"since" skips months without a value, never reading them as zero', () => {
    const points = months(['2017-01', 0], ['2017-02', null], ['2017-03', 5]);
    assert.equal(findExtremesSince(points, 2).lowestSince, '2017-01');
    assert.equal(findExtremesSince(points, 2).highestSince, null);
  });

  it('monthName', () => {
    assert.equal(monthName('2016-11'), 'November 2016');
    assert.equal(monthName('2024-03'), 'March 2024');
  });
});
