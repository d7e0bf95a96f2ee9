import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeries, describeSummary, periodText } from '../../server/queries/version-text.ts';

const flowKey = (overrides: Partial<Record<number, unknown>> = {}): string => {
  const parts: unknown[] = ['flows', 'CHN', 'PRK', 'export', 'month', '1006', null, 'rice', 't'];
  parts.push(null, null, null, null, null, null, null, null, null);
  for (const [i, value] of Object.entries(overrides)) parts[Number(i)] = value;
  return JSON.stringify(parts);
};

describe('version change wording', () => {
  it('names series as a reader knows them', () => {
    const cases: Array<[string, string, string, string | null]> = [
      [flowKey(), 'China rice (HS 1006) exports to North Korea', 'China rice', 't'],
      [
        flowKey({ 5: '2710', 6: 'diesel', 7: 'refined-oil' }),
        'China diesel (HS 2710) exports to North Korea',
        'China diesel',
        't',
      ],
      [flowKey({ 5: '2713', 7: null, 8: null }), 'China HS 2713 exports to North Korea', 'China HS 2713', null],
      [
        flowKey({ 2: 'W00', 3: 'import', 11: 'H5', 13: 'KOR', 15: 'C00' }),
        'China rice (HS 1006, H5, second partner KOR) imports from the world',
        'China rice',
        't',
      ],
      [
        JSON.stringify(['un1718', 'RUS', 'bbl']),
        'Russia refined petroleum notified to the UN 1718 Committee',
        'Russia 1718 notifications',
        'bbl',
      ],
      [JSON.stringify(['events', 'test']), 'Events: test', 'test events', null],
      [
        JSON.stringify(['factors', '', 'jet-fuel']),
        'Barrels per tonne for jet-fuel',
        'Barrels per tonne for jet-fuel',
        'bbl/t',
      ],
    ];
    for (const [key, label, short, unit] of cases) {
      const name = describeSeries(key);
      assert.deepEqual([name.label, name.short, name.unit], [label, short, unit], key);
    }
  });

  it('says a figure, a gap as "not reported" (never 0), and counts where the kind counts', () => {
    const flows = describeSeries(flowKey());
    const events = describeSeries(JSON.stringify(['events', 'test']));
    const shipments = describeSeries(JSON.stringify(['shipments', 'RUS', 'PRK', 'refined-oil', null]));
    const cases: Array<[Parameters<typeof describeSummary>[0], Parameters<typeof describeSummary>[1], string]> = [
      [{ rows: 1, quantity: 672, unit: 't', valueUsd: null }, flows, '672 t'],
      [{ rows: 1, quantity: 16450, unit: 't', valueUsd: 7300000 }, flows, '16,450 t, US$7,300,000'],
      [{ rows: 1, quantity: 0, unit: 't', valueUsd: null }, flows, '0 t'],
      [{ rows: 1, quantity: null, unit: 't', valueUsd: null }, flows, 'not reported'],
      [{ rows: 2, quantity: 5, unit: 't', valueUsd: null }, flows, '5 t (2 rows)'],
      [{ rows: 1, quantity: null, unit: null, valueUsd: null }, events, '1 event'],
      [{ rows: 3, quantity: null, unit: null, valueUsd: null }, events, '3 events'],
      [{ rows: 4, quantity: null, unit: null, valueUsd: null }, shipments, '4 calls, not reported'],
    ];
    for (const [summary, name, text] of cases) assert.equal(describeSummary(summary, name), text);
  });

  it('writes stored periods as the API does', () => {
    assert.deepEqual([periodText(201711), periodText(201701), periodText(2017)], ['2017-11', '2017-01', '2017']);
  });
});
