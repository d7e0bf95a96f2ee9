/**
 * Units: kilograms and tonnes convert exactly; tonnes and barrels only through a barrels-per-tonne factor from
 * conversion_factors, and every response that used one says which. Volumes in m3 or litres and counts of items are
 * never turned into mass (no density is assumed).
 */
import type { Db } from '../db/connection.ts';
import { prepareCached } from './statements.ts';
import { tidy } from './series-math.ts';

export type { QuantityUnit } from '../vocabulary.ts';
import type { QuantityUnit } from '../vocabulary.ts';

export interface ConversionFactor {
  commodity: string;
  /** '' for a factor that applies to any reporter. */
  reporter: string;
  barrelsPerTonne: number;
  /** The address of the publication the factor comes from. */
  source: string;
  /** How the factor was derived or what it stands for, as data/conversion-factors.csv says (null: nothing said). */
  note: string | null;
}

/**
 * The factor for a commodity as a reporter ships it. `commodityKeys` goes from the most specific key to the least
 * (product, then its group); for each key a reporter-specific factor is preferred to the generic one. When two
 * datasets hold the same factor, the most recently imported one wins.
 */
export function findConversionFactor(
  db: Db,
  commodityKeys: readonly string[],
  reporter: string,
): ConversionFactor | undefined {
  const statement = prepareCached<{ commodity: string; reporter: string }, ConversionFactor>(
    db,
    `SELECT commodity, reporter, barrels_per_tonne AS barrelsPerTonne, source, note FROM conversion_factors
     WHERE commodity = @commodity AND reporter = @reporter ORDER BY dataset_id DESC, id DESC LIMIT 1`,
  );
  for (const commodity of commodityKeys) {
    for (const candidate of reporter === '' ? [''] : [reporter, '']) {
      const factor = statement.get({ commodity, reporter: candidate });
      if (factor) return factor;
    }
  }
  return undefined;
}

/** An amount as stored: a mass (kg), barrels, or something that is neither (m3, l, u). */
export type StoredAmount =
  { kind: 'mass'; kg: number } | { kind: 'barrels'; bbl: number } | { kind: 'other'; unit: string };

export type Converted =
  | { ok: true; value: number; applied: 't→bbl' | 'bbl→t' | null }
  | { ok: false; reason: 'no-factor' }
  | { ok: false; reason: 'unconvertible'; unit: string };

/** Mass in kg, or barrels, from a stored quantity and unit; net weight in kg wins where the importer derived it. */
export function readStoredAmount(
  quantity: number | null,
  unit: string | null,
  netWeightKg: number | null,
): StoredAmount | null {
  if (netWeightKg !== null) return { kind: 'mass', kg: netWeightKg };
  if (quantity === null) return null;
  if (unit === 'kg') return { kind: 'mass', kg: quantity };
  if (unit === 't') return { kind: 'mass', kg: quantity * 1000 };
  if (unit === 'bbl') return { kind: 'barrels', bbl: quantity };
  return { kind: 'other', unit: unit ?? 'no unit' };
}

export function convertAmount(
  amount: StoredAmount,
  target: QuantityUnit,
  barrelsPerTonne: number | undefined,
): Converted {
  if (amount.kind === 'other') return { ok: false, reason: 'unconvertible', unit: amount.unit };
  if (amount.kind === 'mass') {
    if (target === 'kg') return { ok: true, value: tidy(amount.kg), applied: null };
    if (target === 't') return { ok: true, value: tidy(amount.kg / 1000), applied: null };
    if (barrelsPerTonne === undefined) return { ok: false, reason: 'no-factor' };
    return { ok: true, value: tidy((amount.kg / 1000) * barrelsPerTonne), applied: 't→bbl' };
  }
  if (target === 'bbl') return { ok: true, value: tidy(amount.bbl), applied: null };
  if (barrelsPerTonne === undefined) return { ok: false, reason: 'no-factor' };
  const tonnes = amount.bbl / barrelsPerTonne;
  return { ok: true, value: tidy(target === 't' ? tonnes : tonnes * 1000), applied: 'bbl→t' };
}

export const unitWords: Readonly<Record<string, string>> = {
  kg: 'kilograms',
  t: 'tonnes',
  bbl: 'barrels',
  usd: 'US dollars',
  m3: 'cubic metres',
  l: 'litres',
  u: 'units',
};
