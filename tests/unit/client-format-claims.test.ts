import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  comparedMonths,
  describeClaim,
  formatSignedPercent,
  shiftMonth,
  verdictLabel,
  verdictSentence,
} from '../../client/src/format-claims.ts';

describe('client format-claims: the words of the Check a claim panel', () => {
  it('moves months across years, and refuses what is not a month', () => {
    const cases: [string, number, string | null][] = [
      ['2017-11', -1, '2017-10'],
      ['2017-01', -1, '2016-12'],
      ['2017-11', -12, '2016-11'],
      ['2017-03', -15, '2015-12'],
      ['2017-12', 1, '2018-01'],
      ['2017-13', -1, null],
      ['Nov 2017', -1, null],
    ];
    for (const [month, delta, expected] of cases) assert.equal(shiftMonth(month, delta), expected, `${month} ${delta}`);
  });

  it('compares a month with the month before and the year before, in that order', () => {
    assert.deepEqual(comparedMonths('2018-01'), [
      { period: '2018-01', role: 'Month checked' },
      { period: '2017-12', role: 'Month before' },
      { period: '2017-01', role: 'Year before' },
    ]);
    assert.deepEqual(comparedMonths('2018'), []);
  });

  it('prints a published or computed percentage with its own decimals and a real minus', () => {
    assert.equal(formatSignedPercent(-82), '\u221282%');
    assert.equal(formatSignedPercent(-63.9), '\u221263.9%');
    assert.equal(formatSignedPercent(4586), '+4,586%');
    assert.equal(formatSignedPercent(0), '0%');
  });

  it('says what each kind of claim says', () => {
    const base = { period: '2017-11', value: null, unit: null, periodFrom: null };
    assert.equal(describeClaim({ ...base, kind: 'yoy', value: -82 }), '\u221282% from a year earlier');
    assert.equal(describeClaim({ ...base, kind: 'mom', value: 15 }), '+15% from the month before');
    assert.equal(describeClaim({ ...base, kind: 'lowest-since', periodFrom: '2017-01' }), 'lowest since January 2017');
    assert.equal(describeClaim({ ...base, kind: 'highest-since', periodFrom: '2016-08' }), 'highest since August 2016');
    assert.equal(
      describeClaim({ ...base, kind: 'total', value: 1000000, unit: 'bbl', periodFrom: '2024-03', period: '2024-11' }),
      '1,000,000 bbl in total, March 2024 to November 2024',
    );
    const overAMillion = { ...base, kind: 'total', value: 1000000, unit: 'bbl', periodFrom: '2024-03' } as const;
    assert.equal(
      describeClaim({ ...overAMillion, period: '2024-11', bound: 'more-than' }),
      'more than 1,000,000 bbl in total, March 2024 to November 2024',
    );
    assert.equal(
      describeClaim({ ...overAMillion, period: '2024-11', bound: 'less-than' }),
      'less than 1,000,000 bbl in total, March 2024 to November 2024',
    );
  });

  it('puts the verdict plainly, then the reason as the server gives it, with real minus signs', () => {
    assert.deepEqual((['agrees', 'disagrees', 'cannot-check'] as const).map(verdictLabel), [
      'agrees',
      'disagrees',
      'cannot be checked',
    ]);
    assert.equal(
      verdictSentence({ verdict: 'cannot-check', reason: 'November 2016 is not in the data' }),
      'Cannot be checked: November 2016 is not in the data.',
    );
    assert.equal(
      verdictSentence({
        verdict: 'agrees',
        reason: 'computed -63.9% (672 against 1863 in November 2016); published -64%',
      }),
      'Agrees: computed \u221263.9% (672 against 1863 in November 2016); published \u221264%.',
    );
    // A hyphen inside a word or a date range is not a minus sign.
    assert.equal(
      verdictSentence({ verdict: 'disagrees', reason: 'computed +17.4% (year-on-year, 2017-08); published +15%.' }),
      'Disagrees: computed +17.4% (year-on-year, 2017-08); published +15%.',
    );
  });
});
