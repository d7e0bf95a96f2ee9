import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Series, SeriesPoint, TradeEvent } from '../../client/src/api-types.ts';
import {
  buildSeriesModel,
  eventPosition,
  eventsInMonth,
  eventsInView,
  isEmptyModel,
  latestReportedPeriod,
  monthsBetween,
  monthsWithNoData,
} from '../../client/src/charts/series-model.ts';
import { point, series as testSeries } from '../helpers/points.ts';

function series(key: string, points: SeriesPoint[]): Series {
  const [commodity = key, reporter = 'CHN'] = key.split(':');
  return testSeries(points, { key, commodity, commodityLabel: key, reporter });
}

const label = (s: Series): string => s.key;

describe('client series model', () => {
  const corn = series('corn:CHN', [
    point('2017-10', 0),
    point('2017-11', 100, { change: { mom: { absolute: 100, percent: null }, yoy: { absolute: -455, percent: -82 } } }),
    point('2017-12', null),
    point('2018-01', 0),
  ]);

  it('a month not reported is null (a gap), a reported zero stays 0', () => {
    const model = buildSeriesModel([corn], 'value', label);
    assert.deepEqual(model.labels, ['2017-10', '2017-11', '2017-12', '2018-01']);
    assert.deepEqual(model.datasets[0]?.values, [0, 100, null, 0]);
  });

  it('a not-reported point is null even if the API sent a number with it', () => {
    const odd = series('x:CHN', [point('2017-10', 5, { status: 'not-reported' })]);
    assert.deepEqual(buildSeriesModel([odd], 'value', label).datasets[0]?.values, [null]);
  });

  it('change panels take the API percent; none where there is none', () => {
    assert.deepEqual(buildSeriesModel([corn], 'yoy', label).datasets[0]?.values, [null, -82, null, null]);
    // A change from zero has no percentage: a gap, not an infinite bar.
    assert.deepEqual(buildSeriesModel([corn], 'mom', label).datasets[0]?.values, [null, null, null, null]);
  });

  it('series with different months line up on one axis; a month a series lacks is a gap', () => {
    const rice = series('rice:CHN', [point('2017-11', 672), point('2018-02', 0)]);
    const model = buildSeriesModel([corn, rice], 'value', label);
    assert.deepEqual(model.labels, ['2017-10', '2017-11', '2017-12', '2018-01', '2018-02']);
    assert.deepEqual(model.datasets[0]?.values, [0, 100, null, 0, null]);
    assert.deepEqual(model.datasets[1]?.values, [null, 672, null, null, 0]);
    assert.deepEqual(monthsWithNoData(model), [2]);
    assert.equal(isEmptyModel(model), false);
  });

  it('empty: every month of every series not reported', () => {
    const none = series('crude-oil:CHN', [point('2017-10', null), point('2017-11', null)]);
    const model = buildSeriesModel([none], 'value', label);
    assert.equal(isEmptyModel(model), true);
    assert.deepEqual(monthsWithNoData(model), [0, 1]);
    assert.equal(isEmptyModel(buildSeriesModel([], 'value', label)), true);
  });

  it('the headline month is the latest with a figure, zero included', () => {
    assert.equal(latestReportedPeriod(corn), '2018-01');
    assert.equal(latestReportedPeriod(series('a:CHN', [point('2017-10', 3), point('2017-11', null)])), '2017-10');
    assert.equal(latestReportedPeriod(series('a:CHN', [point('2017-10', null)])), null);
  });
});

describe('client series model: events on the month axis', () => {
  const labels = ['2017-10', '2017-11', '2017-12'];
  it('an event sits inside its month slot, by day', () => {
    const first = eventPosition('2017-11-01', labels);
    const last = eventPosition('2017-11-30', labels);
    assert.ok(first !== null && last !== null);
    assert.ok(first > 0.5 && first < 0.55, `1 Nov at ${first}`);
    assert.ok(last > 1.45 && last < 1.5, `30 Nov at ${last}`);
    assert.equal(eventPosition('2018-01-05', labels), null);
    assert.equal(eventPosition('not a date', labels), null);
  });

  const events: TradeEvent[] = [
    { id: 1, date: '2017-09-11', category: 'resolution', title: 'UNSCR 2375', source: null, note: null },
    { id: 2, date: '2017-11-29', category: 'test', title: 'ICBM test', source: null, note: null },
    { id: 3, date: '2017-12-22', category: 'resolution', title: 'UNSCR 2397', source: null, note: null },
    { id: 4, date: '2017-12-26', category: 'sanctions', title: 'US Treasury', source: null, note: null },
  ];
  it('only events in the months shown and the chosen categories', () => {
    assert.deepEqual(
      eventsInView(events, labels, null).map((e) => e.id),
      [2, 3, 4],
    );
    assert.deepEqual(
      eventsInView(events, labels, ['resolution']).map((e) => e.id),
      [3],
    );
    assert.deepEqual(
      eventsInView(events, labels, []).map((e) => e.id),
      [],
    );
  });
  it('events of one month, for its tooltip', () => {
    assert.deepEqual(
      eventsInMonth(events, '2017-12').map((e) => e.id),
      [3, 4],
    );
    assert.deepEqual(eventsInMonth(events, '2017-01'), []);
  });
});

describe('client series model: month ranges', () => {
  it('every month between two, both included', () => {
    assert.deepEqual(monthsBetween('2023-11', '2024-02'), ['2023-11', '2023-12', '2024-01', '2024-02']);
    assert.deepEqual(monthsBetween('2024-03', '2024-03'), ['2024-03']);
    assert.deepEqual(monthsBetween('2024-04', '2024-03'), []);
    assert.deepEqual(monthsBetween('bad', '2024-03'), []);
  });
});
