/**
 * Names instead of keys: a commodity's label from /api/commodities ("Fuel oil No. 5-7", not "fuel-oil-5-7") and a
 * country's English name for an ISO3 code ("Côte d’Ivoire", not "CIV"), so no raw key reaches the page (issue 13).
 * The catalog is remembered once loaded (main.ts); until then, and for a key it does not know, the key is shown.
 */
import codes from 'i18n-iso-countries/codes.json' with { type: 'json' };
import type { CommodityGroup } from './api-types.ts';

/**
 * ISO3 → ISO2 from i18n-iso-countries' own table; the English name from the browser (Intl.DisplayNames), which
 * has plain ones ("North Korea", "Côte d’Ivoire", "Iran"). The library's name lists and their diacritics helper
 * would add 24 kB to the bundle for the same names.
 */
const alpha2ByAlpha3 = new Map((codes as string[][]).map(([alpha2 = '', alpha3 = '']) => [alpha3, alpha2]));
let regionNames: Intl.DisplayNames | null = null;
try {
  regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
} catch {
  // A browser without region names shows codes.
}

/** "CIV" → "Côte d’Ivoire"; a code no country has (an aggregate such as "WLD") is returned as it came. */
export function countryName(code: string): string {
  const alpha2 = alpha2ByAlpha3.get(code.toUpperCase());
  if (!alpha2 || !regionNames) return code;
  try {
    return regionNames.of(alpha2) ?? code;
  } catch {
    return code;
  }
}

/** Every country with an ISO3 code and a name, sorted by name, for the partner picker. */
export function countryOptions(): { code: string; name: string }[] {
  return [...alpha2ByAlpha3.keys()]
    .map((code) => ({ code, name: countryName(code) }))
    .filter((country) => country.name !== country.code)
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
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
