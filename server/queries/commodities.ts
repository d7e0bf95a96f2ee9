/**
 * The commodity catalog (groups and products from migration 0001) and how a `commodity` parameter resolves to a
 * selection of stored rows: a group key, a product key, or an HS code / prefix.
 */
import type { Db } from '../db/connection.ts';
import { prepareCached } from './statements.ts';
import { InvalidParameterError } from '../errors.ts';

export interface CommodityProduct {
  key: string;
  label: string;
  hsCode: string;
}

export interface CommodityGroup {
  key: string;
  label: string;
  hsPrefix: string;
  products: CommodityProduct[];
}

/**
 * Products that are a breakdown of another product at the same HS code. Reuters' GAC tables print "Fuel No. 5-7"
 * and "Other fuel oil" for some months and undifferentiated "fuel oil" for others (data/README.md), so a
 * `fuel-oil` row is the total of the two and is never added to them.
 */
export const productParents: Readonly<Record<string, string>> = {
  'fuel-oil-5-7': 'fuel-oil',
  'fuel-oil-other': 'fuel-oil',
};

export function listCommodityGroups(db: Db): CommodityGroup[] {
  const groups = prepareCached<[], { key: string; label: string; hsPrefix: string }>(
    db,
    'SELECT key, label, hs_prefix AS hsPrefix FROM commodity_groups ORDER BY rowid',
  ).all();
  const products = prepareCached<[], CommodityProduct & { groupKey: string }>(
    db,
    'SELECT key, label, hs_code AS hsCode, group_key AS groupKey FROM products ORDER BY rowid',
  ).all();
  return groups.map((group) => ({
    ...group,
    products: products
      .filter((p) => p.groupKey === group.key)
      .map(({ key, label, hsCode }) => ({ key, label, hsCode })),
  }));
}

/** What a `commodity` parameter selects. */
export type CommoditySelection =
  | {
      kind: 'group';
      key: string;
      label: string;
      groupKey: string;
      hsPrefix: string;
      /** Every product key of the group (shipments name a group or a product, never an HS code). */
      products: string[];
      factorKeys: string[];
    }
  | {
      kind: 'product';
      key: string;
      label: string;
      groupKey: string;
      hsCode: string;
      /** The product and the products it is the total of (productParents). */
      products: string[];
      factorKeys: string[];
    }
  | { kind: 'hs'; key: string; label: string; groupKey: string | null; hsCode: string; factorKeys: string[] };

const hsCodePattern = /^\d{2,10}$/;

export function resolveCommodity(groups: readonly CommodityGroup[], text: string): CommoditySelection {
  const group = groups.find((g) => g.key === text);
  if (group) {
    return {
      kind: 'group',
      key: group.key,
      label: group.label,
      groupKey: group.key,
      hsPrefix: group.hsPrefix,
      products: group.products.map((p) => p.key),
      factorKeys: [group.key],
    };
  }
  for (const g of groups) {
    const product = g.products.find((p) => p.key === text);
    if (product) {
      const children = Object.entries(productParents)
        .filter(([, parent]) => parent === product.key)
        .map(([child]) => child);
      return {
        kind: 'product',
        key: product.key,
        label: product.label,
        groupKey: g.key,
        hsCode: product.hsCode,
        products: [product.key, ...children],
        factorKeys: [product.key, g.key],
      };
    }
  }
  if (hsCodePattern.test(text)) {
    // An HS code inside a group's heading (2710, 271019) is that group's; a shorter one (27) spans groups.
    const owner = groups.find((g) => text.startsWith(g.hsPrefix));
    return {
      kind: 'hs',
      key: text,
      label: `HS ${text}`,
      groupKey: owner?.key ?? null,
      hsCode: text,
      factorKeys: owner ? [owner.key] : [],
    };
  }
  const known = groups.flatMap((g) => [g.key, ...g.products.map((p) => p.key)]).join(', ');
  throw new InvalidParameterError(
    'commodity',
    `"${text}" is not a commodity: use one of ${known}, or an HS code of 2 to 10 digits`,
  );
}

export interface UnitInfo {
  key: 'kg' | 't' | 'bbl' | 'usd';
  label: string;
  measure: 'quantity' | 'value';
}

export const units: readonly UnitInfo[] = [
  { key: 't', label: 'tonnes', measure: 'quantity' },
  { key: 'kg', label: 'kilograms', measure: 'quantity' },
  { key: 'bbl', label: 'barrels', measure: 'quantity' },
  { key: 'usd', label: 'US dollars', measure: 'value' },
];

export interface SourceInfo {
  key: 'customs' | 'un1718' | 'shipments';
  label: string;
  description: string;
  measures: ReadonlyArray<'quantity' | 'value'>;
}

export const sources: readonly SourceInfo[] = [
  {
    key: 'customs',
    label: 'Customs',
    description: "Monthly (or annual) customs trade flows: China's customs exports, UN Comtrade downloads",
    measures: ['quantity', 'value'],
  },
  {
    key: 'un1718',
    label: '1718 Committee notifications',
    description: 'Refined petroleum notified to the UN 1718 Committee under UNSCR 2397 (refined-oil only)',
    measures: ['quantity'],
  },
  {
    key: 'shipments',
    label: 'Shipments',
    description: 'Individual tanker calls and deliveries; per month the sum of the published quantities',
    measures: ['quantity'],
  },
];
