/**
 * Issue 13's pure parts of the chart: where event labels go (placeLabels), what they say (shortEventLabel), events
 * on a yearly axis, and the axis without the months nobody reported (withoutUnreported).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Series } from '../../client/src/api-types.ts';
import { eventRows, placeLabels } from '../../client/src/charts/event-marks.ts';
import { buildSeriesModel, eventPosition, withoutUnreported } from '../../client/src/charts/series-model.ts';
import { shortEventLabel } from '../../client/src/views/series-events.ts';
import { point, series as testSeries } from '../helpers/points.ts';

describe('event labels above the chart', () => {
  it('labels far apart share the first row', () => {
    const placed = placeLabels(
      [
        { id: 1, x: 10, width: 50 },
        { id: 2, x: 100, width: 50 },
        { id: 3, x: 200, width: 50 },
      ],
      3,
      0,
      400,
    );
    assert.deepEqual(
      placed.map((p) => [p.id, p.row, p.joined]),
      [
        [1, 0, []],
        [2, 0, []],
        [3, 0, []],
      ],
    );
  });

  it('close lines (22 and 26 December) go to separate rows; with the rows full, a label joins its neighbour', () => {
    const boxes = [
      { id: 22, x: 300, width: 70 },
      { id: 26, x: 305, width: 70 },
      { id: 29, x: 298, width: 60 },
      { id: 30, x: 310, width: 60 },
    ];
    const placed = placeLabels(boxes, 3, 0, 400);
    assert.deepEqual(
      placed.map((p) => p.row),
      [0, 1, 2],
    );
    const ids = placed.flatMap((p) => [p.id, ...p.joined]).sort((a, b) => a - b);
    assert.deepEqual(ids, [22, 26, 29, 30], 'every event is placed or counted');
    assert.equal(placed.filter((p) => p.joined.length > 0).length, 1);
    // Rows never overlap within themselves.
    for (const row of [0, 1, 2]) {
      const inRow = placed.filter((p) => p.row === row);
      for (let i = 1; i < inRow.length; i += 1) {
        const previous = inRow[i - 1];
        const box = boxes.find((b) => b.id === previous?.id);
        assert.ok(previous && box && (inRow[i]?.left ?? 0) >= previous.left + box.width);
      }
    }
  });

  it('a label near the right edge is moved inside the chart', () => {
    const [placed] = placeLabels([{ id: 1, x: 390, width: 60 }], 1, 0, 400);
    assert.equal(placed?.left, 340);
  });

  it('up to three rows are kept free, none without events', () => {
    assert.equal(eventRows([]), 0);
    assert.equal(eventRows(undefined), 0);
    assert.equal(eventRows([{ id: 1, position: 0, label: 'a' }]), 1);
    assert.equal(eventRows(Array.from({ length: 9 }, (_, id) => ({ id, position: id, label: 'a' }))), 3);
  });

  it('short labels: the resolution number, an ICBM test, else the first words', () => {
    const table: [string, string, string][] = [
      ['resolution', 'UNSC Resolution 2397 caps refined petroleum at 500,000 bbl a year', 'UNSCR 2397'],
      ['test', 'North Korea tests an ICBM it says puts all of the US mainland in range', 'ICBM test'],
      ['trade-ban', 'China suspends coal imports from North Korea for the rest of 2017', 'China suspends coal…'],
      ['sanctions', 'South Korea blacklists 11 individuals', 'South Korea…'],
      ['diplomacy', 'Summit', 'Summit'],
    ];
    for (const [category, title, expected] of table) assert.equal(shortEventLabel({ category, title }), expected);
  });
});

describe('events on a yearly axis', () => {
  it('sit in their year, shifted by the day of the year', () => {
    const years = ['2016', '2017', '2018'];
    assert.equal(eventPosition('2017-01-01', years), 1 - 0.5 + 0.5 / 365);
    const december = eventPosition('2017-12-22', years);
    assert.ok(december !== null && december > 1.45 && december < 1.5, String(december));
    assert.equal(eventPosition('2019-03-01', years), null);
    // Months still work as before.
    assert.equal(eventPosition('2017-11-29', ['2017-10', '2017-11']), 1 - 0.5 + 28.5 / 30);
  });
});

function series(key: string, values: (number | null)[]): Series {
  const points = values.map((value, i) => point(`2017-${String(i + 1).padStart(2, '0')}`, value));
  return testSeries(points, { key, commodity: key, commodityLabel: key });
}

describe('leaving out the months nobody reported', () => {
  it('keeps every month one series reported, marks each cut, and never turns a gap into zero', () => {
    const model = buildSeriesModel(
      [
        series('corn', [null, 5, null, null, 0, null, 7, null]),
        series('rice', [null, null, null, 3, null, null, null, null]),
      ],
      'value',
      (s) => s.key,
    );
    const { model: shown, breaks, left } = withoutUnreported(model);
    assert.deepEqual(shown.labels, ['2017-02', '2017-04', '2017-05', '2017-07']);
    assert.deepEqual(shown.datasets[0]?.values, [5, null, 0, 7]);
    assert.deepEqual(shown.datasets[1]?.values, [null, 3, null, null]);
    // Cuts after Feb (March left out) and after May (June left out); January and August are at the ends.
    assert.deepEqual(breaks, [0, 2]);
    assert.deepEqual(left, ['2017-01', '2017-03', '2017-06', '2017-08']);
  });

  it('with nothing to leave out, the model is the same and there are no cuts', () => {
    const model = buildSeriesModel([series('corn', [1, 2, 3])], 'value', (s) => s.key);
    const { model: shown, breaks } = withoutUnreported(model);
    assert.deepEqual(shown.labels, model.labels);
    assert.deepEqual(breaks, []);
  });
});
