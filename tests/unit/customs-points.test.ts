/** The pure rules that turn one period's stored customs rows into a point (server/queries/series/customs-points.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CommoditySelection } from '../../server/queries/commodities.ts';
import { flowPoint, isPreferred, pickRows, type ReadFlow } from '../../server/queries/series/customs-points.ts';
import type { FlowRow } from '../../server/queries/series/customs-rows.ts';
import { compareFigures } from '../../server/queries/series-math.ts';

function row(fields: Partial<FlowRow> & Pick<FlowRow, 'hsCode' | 'datasetId'>): FlowRow {
  const product = fields.product ?? null;
  return {
    period: '2017-11',
    product,
    status: 'reported',
    amount: 1000,
    unit: 'kg',
    barrelsOnly: false,
    netWeight: true,
    quantityEstimated: false,
    source: `https://example.org/${fields.datasetId}`,
    note: null,
    seriesId: 1,
    breakdownTotal: true,
    hsRevision: null,
    order: product === null ? fields.hsCode : fields.hsCode + product,
    ...fields,
  };
}

const rice: CommoditySelection = {
  kind: 'group',
  key: 'rice',
  label: 'Rice',
  groupKey: 'rice',
  hsPrefix: '1006',
  products: [],
  factorKeys: ['rice'],
};

/** Tonnes, as a series in t would read a row stored in kg. */
const read = (r: FlowRow): ReadFlow => ({
  row: r,
  part: { value: r.amount === null ? null : r.amount / 1000, estimated: false, source: r.source },
  hasFigure: r.amount !== null,
});
const names = (id: number): string => `d${id}`;

describe('compareFigures: when two sources agree', () => {
  const cases: Array<[number | null, number | null, boolean | null, string]> = [
    [672, 700, false, '4% apart'],
    [100, 100.2, true, 'within 0.5%: rounding'],
    [671.842, 672, true, 'kg figure against a rounded tonne figure'],
    [0, 0, true, 'two zeros'],
    [0, 3, false, 'a zero against a figure, however small'],
    [null, 5, null, 'not reported beside a figure: listed, not compared'],
    [null, null, null, 'neither has a figure'],
  ];
  for (const [a, b, expected, why] of cases) {
    it(`${a} vs ${b}: ${expected} (${why})`, () => {
      assert.equal(compareFigures(a, b), expected);
      assert.equal(compareFigures(b, a), expected);
    });
  }
});

describe('which row of a key is used', () => {
  it('the most recently imported dataset, then the breakdown total, then the newest HS revision, then the later series', () => {
    assert.equal(isPreferred(row({ hsCode: '1006', datasetId: 2 }), row({ hsCode: '1006', datasetId: 1 })), true);
    assert.equal(
      isPreferred(
        row({ hsCode: '1006', datasetId: 1, breakdownTotal: true }),
        row({ hsCode: '1006', datasetId: 1, breakdownTotal: false }),
      ),
      true,
    );
    assert.equal(
      isPreferred(
        row({ hsCode: '1006', datasetId: 1, hsRevision: 'H5' }),
        row({ hsCode: '1006', datasetId: 1, hsRevision: 'H4' }),
      ),
      true,
    );
    assert.equal(
      isPreferred(
        row({ hsCode: '1006', datasetId: 1, seriesId: 9 }),
        row({ hsCode: '1006', datasetId: 1, seriesId: 3 }),
      ),
      true,
    );
  });

  it('keeps one row per key, sorted by HS code and product', () => {
    const picked = pickRows([
      row({ hsCode: '100630', datasetId: 1 }),
      row({ hsCode: '1006', datasetId: 1 }),
      row({ hsCode: '1006', datasetId: 2, amount: 5 }),
    ]);
    assert.deepEqual(
      picked.map((r) => [r.hsCode, r.datasetId]),
      [
        ['1006', 2],
        ['100630', 1],
      ],
    );
  });
});

describe('flowPoint: every source of a month', () => {
  it('one dataset: its figure, no other sources, no conflict', () => {
    const point = flowPoint('2017-11', [row({ hsCode: '1006', datasetId: 1, amount: 672_000 })], read, rice, names);
    assert.equal(point.value, 672);
    assert.deepEqual(point.datasets, ['d1']);
    assert.deepEqual(point.otherSources, []);
    assert.equal(point.conflict, false);
  });

  it('two datasets with the same key: the newer is used, the older listed with its own figure and a conflict', () => {
    const point = flowPoint(
      '2017-11',
      [row({ hsCode: '1006', datasetId: 1, amount: 672_000 }), row({ hsCode: '1006', datasetId: 2, amount: 700_000 })],
      read,
      rice,
      names,
    );
    assert.equal(point.value, 700);
    assert.deepEqual(point.datasets, ['d2']);
    assert.deepEqual(
      point.otherSources.map((o) => [o.dataset, o.value, o.agrees]),
      [['d1', 672, false]],
    );
    assert.equal(point.conflict, true);
  });

  it('a reported zero against a figure is a conflict', () => {
    const point = flowPoint(
      '2017-11',
      [
        row({ hsCode: '1006', datasetId: 1, amount: 0, status: 'reported-zero' }),
        row({ hsCode: '1006', datasetId: 2, amount: 50_000 }),
      ],
      read,
      rice,
      names,
    );
    assert.equal(point.value, 50);
    assert.deepEqual(
      point.otherSources.map((o) => [o.value, o.status, o.agrees]),
      [[0, 'reported-zero', false]],
    );
    assert.equal(point.conflict, true);
  });

  it('a not-reported row from another dataset is listed but is no conflict', () => {
    const point = flowPoint(
      '2017-11',
      [
        row({ hsCode: '1006', datasetId: 1, amount: null, status: 'not-reported' }),
        row({ hsCode: '1006', datasetId: 2, amount: 50_000 }),
      ],
      read,
      rice,
      names,
    );
    assert.deepEqual(
      point.otherSources.map((o) => [o.value, o.status, o.agrees]),
      [[null, 'not-reported', null]],
    );
    assert.equal(point.conflict, false);
  });

  it("a newer dataset's sub-heading beside an older total: the total stands for it, so only the total's dataset is used", () => {
    const point = flowPoint(
      '2017-11',
      [
        row({ hsCode: '1006', datasetId: 1, amount: 672_000 }),
        row({ hsCode: '100630', datasetId: 2, amount: 600_000 }),
      ],
      read,
      rice,
      names,
    );
    assert.equal(point.value, 672);
    assert.deepEqual(point.datasets, ['d1']);
    assert.deepEqual(point.otherSources, []);
  });

  it('slices of one breakdown in one dataset are not other sources', () => {
    const point = flowPoint(
      '2017-11',
      [
        row({ hsCode: '1006', datasetId: 1, amount: 672_000, breakdownTotal: true, seriesId: 2 }),
        row({ hsCode: '1006', datasetId: 1, amount: 600_000, breakdownTotal: false, seriesId: 3 }),
      ],
      read,
      rice,
      names,
    );
    assert.equal(point.value, 672);
    assert.deepEqual(point.otherSources, []);
  });
});
