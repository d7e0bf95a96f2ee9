/**
 * Names instead of keys: a commodity's label from /api/commodities ("Fuel oil No. 5-7", not "fuel-oil-5-7") and a
 * country's English name for an ISO3 code ("Côte d'Ivoire", not "CIV"), so no raw key reaches the page (issue 13).
 * The catalog is remembered once loaded (main.ts); until then, and for a key it does not know, the key is shown.
 */
import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { CommodityGroup } from './api-types.ts';

countries.registerLocale(english);

/** Short names where the ISO name is long or formal ("People's Republic of China"). */
const countryOverrides: Record<string, string> = {
  CHN: 'China',
  RUS: 'Russia',
  PRK: 'North Korea',
  KOR: 'South Korea',
  USA: 'United States',
  GBR: 'United Kingdom',
};

/** "CIV" → "Côte d'Ivoire"; a code the library does not know (an aggregate such as "WLD") is returned as it came. */
export function countryName(code: string): string {
  const upper = code.toUpperCase();
  const override = countryOverrides[upper];
  if (override) return override;
  const official = countries.getName(upper, 'en');
  if (!official) return code;
  // The common name when it is a plain one ("Iran", "Taiwan"); "Korea, Republic of" style aliases are not.
  const alias = countries.getName(upper, 'en', { select: 'alias' });
  return alias && !alias.includes(',') && alias.length <= official.length ? alias : official;
}

const commodityLabels = new Map<string, string>();
let keyPattern: RegExp | null = null;

/** Remembers the catalog's labels (groups and products) for `commodityName` and `nameKeysIn`. */
export function rememberCatalog(groups: readonly CommodityGroup[]): void {
  commodityLabels.clear();
  for (const group of groups) {
    commodityLabels.set(group.key, group.label);
    for (const product of group.products) commodityLabels.set(product.key, product.label);
  }
  // Longest first, so "fuel-oil-5-7" is replaced whole rather than as "fuel-oil" followed by "-5-7".
  const keys = [...commodityLabels.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  keyPattern = keys.length > 0 ? new RegExp(`(?<![A-Za-z0-9-])(${keys.join('|')})(?![A-Za-z0-9-])`, 'g') : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "refined-oil" → "Refined petroleum products"; an HS code → "HS 2710"; an unknown key as it came. */
export function commodityName(key: string): string {
  const label = commodityLabels.get(key);
  if (label) return label;
  return /^\d{2,10}$/.test(key) ? `HS ${key}` : key;
}

/** Free text from the API (a point's note) with the commodity keys in it replaced by their labels. */
export function nameKeysIn(text: string): string {
  if (keyPattern === null) return text;
  return text.replace(keyPattern, (key) => commodityLabels.get(key) ?? key);
}
