import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addChanges,
  addMonths,
  combineParts,
  computeChange,
  findExtremesSince,
  listMonths,
  sumYearFromMonths,
  tidy,
  roundPercent,
} from '../../server/queries/series-math.ts';
import { point } from '../helpers/points.ts';

describe('month arithmetic', () => {
  it('steps across year boundaries both ways', () => {
    assert.equal(addMonths('2017-12', 1), '2018-01');
    assert.equal(addMonths('2018-01', -1), '2017-12');
    assert.equal(addMonths('2018-03', -12), '2017-03');
    assert.equal(addMonths('2017-11', -23), '2015-12');
  });

  it('lists every month of a range, both ends included, and nothing for a reversed range', () => {
    assert.deepEqual(listMonths('2017-11', '2018-02'), ['2017-11', '2017-12', '2018-01', '2018-02']);
    assert.deepEqual(listMonths('2018-02', '2018-02'), ['2018-02']);
    assert.deepEqual(listMonths('2018-03', '2018-02'), []);
  });
});

describe('computeChange', () => {
  const cases: Array<[number | null, number | null, ReturnType<typeof computeChange>, string]> = [
    [1863, 672, { absolute: -1191, percent: -63.9 }, 'the rice example: -63.93% rounds to one decimal'],
    [100, 105, { absolute: 5, percent: 5 }, 'a rise'],
    [0, 100, { absolute: 100, percent: null }, 'from zero: no percentage'],
    [0, 0, { absolute: 0, percent: null }, 'zero to zero'],
    [50, 0, { absolute: -50, percent: -100 }, 'to zero: -100%'],
    [null, 100, null, 'earlier month not reported'],
    [100, null, null, 'this month not reported'],
    [0.1, 0.3, { absolute: 0.2, percent: 200 }, 'no floating-point noise (0.3 - 0.1)'],
  ];
  for (const [earlier, later, expected, what] of cases) {
    it(what, () => assert.deepEqual(computeChange(earlier, later), expected));
  }
});

describe('combineParts', () => {
  it('sums the parts with a value and keeps each source once', () => {
    const combined = combineParts([
      { value: 10, estimated: false, source: 'a' },
      { value: 20.5, estimated: false, source: 'a' },
      { value: 0, estimated: false, source: 'b' },
    ]);
    assert.deepEqual(combined, {
      value: 30.5,
      status: 'reported',
      missingParts: false,
      sources: ['a', 'b'],
      notes: [],
    });
  });

  it('is reported-zero only when every part is zero, estimated when any part is', () => {
    assert.equal(
      combineParts([
        { value: 0, estimated: false, source: null },
        { value: 0, estimated: false, source: null },
      ]).status,
      'reported-zero',
    );
    assert.equal(
      combineParts([
        { value: 0, estimated: false, source: null },
        { value: 3, estimated: true, source: null },
      ]).status,
      'estimated',
    );
  });

  it('is not reported (null, not 0) with no parts or no part with a value', () => {
    assert.deepEqual(combineParts([]), {
      value: null,
      status: 'not-reported',
      missingParts: false,
      sources: [],
      notes: [],
    });
    const none = combineParts([{ value: null, estimated: false, source: 'gap' }]);
    assert.equal(none.value, null);
    assert.equal(none.status, 'not-reported');
    assert.deepEqual(none.sources, ['gap']);
  });

  it('flags a sum that has parts without a value', () => {
    const combined = combineParts([
      { value: 4, estimated: false, source: null },
      { value: null, estimated: false, source: null },
    ]);
    assert.equal(combined.value, 4);
    assert.equal(combined.missingParts, true);
  });
});

describe('addChanges, monthly', () => {
  it('compares with the month before and the month a year before, across the year boundary', () => {
    const points = listMonths('2016-12', '2018-01').map((m) => point(m, null));
    const set = (period: string, value: number): void => {
      const p = points.find((x) => x.period === period);
      if (p) p.value = value;
    };
    set('2016-12', 200);
    set('2017-01', 150);
    set('2017-12', 300);
    set('2018-01', 0);
    addChanges(points, 'month');
    const byPeriod = new Map(points.map((p) => [p.period, p.change]));
    assert.deepEqual(byPeriod.get('2017-01'), { mom: { absolute: -50, percent: -25 }, yoy: null });
    assert.deepEqual(byPeriod.get('2018-01'), {
      mom: { absolute: -300, percent: -100 },
      yoy: { absolute: -150, percent: -100 },
    });
    assert.deepEqual(byPeriod.get('2017-12'), { mom: null, yoy: { absolute: 100, percent: 50 } });
  });

  it('never computes against a gap: a not-reported neighbour gives null, not a change from 0', () => {
    const points = [point('2018-01', 0), point('2018-02', null), point('2018-03', 50)];
    addChanges(points, 'month');
    assert.deepEqual(
      points.map((p) => p.change.mom),
      [null, null, null],
    );
  });
});

describe('addChanges, yearly', () => {
  it('compares complete years only; MoM does not apply', () => {
    const points = [
      point('2015', 1200),
      point('2016', 1200),
      point('2017', 900, { partial: true }),
      point('2018', 1000),
    ];
    addChanges(points, 'year');
    assert.deepEqual(
      points.map((p) => p.change),
      [
        { mom: null, yoy: null },
        { mom: null, yoy: { absolute: 0, percent: 0 } },
        { mom: null, yoy: null },
        { mom: null, yoy: null },
      ],
    );
  });
});

describe('sumYearFromMonths', () => {
  it('is complete with all twelve months reported', () => {
    const months = listMonths('2016-01', '2016-12').map((m) => point(m, 100, { sources: ['s'] }));
    const year = sumYearFromMonths('2016', months);
    assert.equal(year.value, 1200);
    assert.equal(year.partial, false);
    assert.deepEqual(year.sources, ['s']);
  });

  it('is partial, and says how many months, with any month not reported', () => {
    const months = listMonths('2017-01', '2017-12').map((m, i) => point(m, i < 3 ? 10 : null));
    const year = sumYearFromMonths('2017', months);
    assert.equal(year.value, 30);
    assert.equal(year.partial, true);
    assert.equal(year.note, 'summed from 3 of 12 months');
  });

  it('is not reported when no month was', () => {
    const year = sumYearFromMonths(
      '2019',
      listMonths('2019-01', '2019-12').map((m) => point(m, null)),
    );
    assert.deepEqual([year.value, year.status, year.partial], [null, 'not-reported', false]);
  });
});

describe('findExtremesSince', () => {
  const points = [
    point('2016-08', 6300),
    point('2016-11', 1863),
    point('2017-03', 600),
    point('2017-07', 10476),
    point('2017-08', 7399),
    point('2017-09', null),
    point('2017-11', 672),
  ];

  it('finds the most recent earlier month at or below, and at or above, skipping gaps', () => {
    assert.deepEqual(findExtremesSince(points, 6), {
      lowestSince: '2017-03',
      highestSince: '2017-08',
      earlierReported: 5,
      firstReported: '2016-08',
    });
  });

  it('gives null for a record low, and counts a tie as "since"', () => {
    const record = [point('2017-01', 5), point('2017-02', 3), point('2017-03', 1)];
    assert.equal(findExtremesSince(record, 2).lowestSince, null);
    const tie = [point('2017-10', 0), point('2017-11', 0)];
    assert.deepEqual(findExtremesSince(tie, 1).lowestSince, '2017-10');
  });

  it('has nothing to say about a month that was not reported', () => {
    assert.deepEqual(findExtremesSince(points, 5), {
      lowestSince: null,
      highestSince: null,
      earlierReported: 0,
      firstReported: null,
    });
  });
});

describe('tidy', () => {
  it('removes floating-point noise but keeps printed precision', () => {
    assert.equal(tidy(0.1 + 0.2), 0.3);
    assert.equal(tidy(1194.58 * 8.33), 9950.8514);
    assert.equal(tidy(123456789.12), 123456789.12);
  });
});

describe('roundPercent', () => {
  it('rounds to one decimal', () => {
    assert.equal(roundPercent(-63.93), -63.9);
    assert.equal(roundPercent(17.46), 17.5);
  });
  it('keeps a fall that is not total above -100 (3 t after 29,607 t)', () => {
    const percent = roundPercent(((3 - 29607) / 29607) * 100);
    assert.ok(percent > -100 && percent <= -99.98, String(percent));
    assert.equal(roundPercent(-100), -100);
  });
});
