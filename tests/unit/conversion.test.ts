import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { convertAmount, readStoredAmount } from '../../server/queries/conversion.ts';

describe('convertAmount', () => {
  const tonnes = { kind: 'mass', kg: 1000 } as const;
  const barrels = { kind: 'barrels', bbl: 4893 } as const;

  it('converts between kg and t exactly, without a factor', () => {
    assert.deepEqual(convertAmount(tonnes, 't', undefined), { ok: true, value: 1, applied: null });
    assert.deepEqual(convertAmount(tonnes, 'kg', undefined), { ok: true, value: 1000, applied: null });
  });

  it('converts tonnes to barrels and barrels to tonnes and kg with the factor', () => {
    assert.deepEqual(convertAmount({ kind: 'mass', kg: 1_194_580 }, 'bbl', 8.33), {
      ok: true,
      value: 9950.8514,
      applied: 't→bbl',
    });
    const back = convertAmount(barrels, 't', 8.33);
    assert.ok(back.ok);
    assert.equal(back.value, 587.394957983193);
    assert.equal(back.applied, 'bbl→t');
    const kg = convertAmount(barrels, 'kg', 8.33);
    assert.ok(kg.ok);
    assert.equal(kg.value, 587394.957983193);
  });

  it('leaves barrels as barrels', () => {
    assert.deepEqual(convertAmount(barrels, 'bbl', undefined), { ok: true, value: 4893, applied: null });
  });

  it('refuses without a factor, and never turns a volume or a count into mass', () => {
    assert.deepEqual(convertAmount(tonnes, 'bbl', undefined), { ok: false, reason: 'no-factor' });
    assert.deepEqual(convertAmount(barrels, 't', undefined), { ok: false, reason: 'no-factor' });
    assert.deepEqual(convertAmount({ kind: 'other', unit: 'm3' }, 't', 8), {
      ok: false,
      reason: 'unconvertible',
      unit: 'm3',
    });
  });
});

describe('readStoredAmount', () => {
  it('prefers the net weight in kg, else reads the quantity in its unit', () => {
    assert.deepEqual(readStoredAmount(5, 'l', 4000), { kind: 'mass', kg: 4000 });
    assert.deepEqual(readStoredAmount(5, 't', null), { kind: 'mass', kg: 5000 });
    assert.deepEqual(readStoredAmount(5, 'bbl', null), { kind: 'barrels', bbl: 5 });
    assert.deepEqual(readStoredAmount(5, 'u', null), { kind: 'other', unit: 'u' });
    assert.equal(readStoredAmount(null, null, null), null);
  });
});
