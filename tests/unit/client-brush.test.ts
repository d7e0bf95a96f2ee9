/**
 * The brush's months (client/src/charts/brush.ts, brushRange): slots dragged across either way become the first and
 * last month; a yearly chart's years become January of the first to December of the last.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brushRange } from '../../client/src/charts/brush.ts';

describe('brushRange', () => {
  const months = ['2017-01', '2017-02', '2017-03', '2017-04'];
  it('gives the first and last month of the slots, dragged either way', () => {
    assert.deepEqual(brushRange(months, 1, 3), { from: '2017-02', to: '2017-04' });
    assert.deepEqual(brushRange(months, 3, 1), { from: '2017-02', to: '2017-04' });
    assert.deepEqual(brushRange(months, 2, 2), { from: '2017-03', to: '2017-03' });
  });
  it('turns years into whole years, and refuses slots or labels it cannot read', () => {
    assert.deepEqual(brushRange(['2016', '2017', '2018'], 2, 0), { from: '2016-01', to: '2018-12' });
    assert.equal(brushRange(months, 1, 9), null);
    assert.equal(brushRange(['a', 'b'], 0, 1), null);
  });
});
