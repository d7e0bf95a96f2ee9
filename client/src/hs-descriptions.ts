/**
 * What an HS code means, for the HS-code picker, its checkboxes and their tooltips (issue 13: "HS codes with
 * descriptions"). Data is sacred here as anywhere: each text is copied as found at its `source`, either the WCO's
 * own HS nomenclature (wcotradetools.org) or the self-contained descriptions UN Comtrade uses (the "Cereals; rice,
 * …" form), as reproduced by the page cited. A code whose text could not be checked against a page is left out, and
 * the page shows it bare ("HS 271111"). Found with the project's search tool on 2026-12-01; see data/README.md.
 *
 * Left out for want of a page giving their text: 271111, 271114, 271119, 271121, 271129 (natural gas, ethylene…,
 * other liquefied and gaseous hydrocarbons).
 */

export interface HsDescription {
  /** 4 (heading) or 6 (sub-heading) digits, or 8 for a national tariff line (China's), no dots. */
  code: string;
  /** The description, verbatim from `source`. */
  text: string;
  /** The address the text was read from. */
  source: string;
}

const wco1006 = 'https://www.wcotradetools.org/en/harmonized-system/2017/en/021006';
const export2710 = 'https://www.121-export.com/classifications/hs/v1996/271000';

export const hsDescriptions: readonly HsDescription[] = [
  {
    code: '1005',
    text: 'Maize (corn)',
    source: 'https://tradeclassifier.com/hs-code/heading/1005',
  },
  {
    code: '100510',
    text: 'Cereals; maize (corn), seed',
    source: 'https://www.121-export.com/classifications/hs/v2017/100510',
  },
  {
    code: '100590',
    text: 'Cereals; maize (corn), other than seed',
    source: 'https://www.121-export.com/classifications/hs/v2017/100510',
  },
  { code: '1006', text: 'Rice.', source: wco1006 },
  { code: '100610', text: 'Rice in the husk (paddy or rough)', source: wco1006 },
  { code: '100620', text: 'Husked (brown) rice', source: wco1006 },
  { code: '100630', text: 'Semi-milled or wholly milled rice, whether or not polished or glazed', source: wco1006 },
  {
    // China's national tariff line, under which GAC published the rice of October 2022 and March 2023. The page
    // lists the 10-digit 1006302090 with "(out-of-quota)" after this text; the quota is not part of the 8-digit line.
    code: '10063020',
    text: 'Semi-milled or wholly milled rice,long grain, whether or not polished or glazed',
    source: 'https://www.china-gacc.agency/China_HS_code/China_HS_Search.asp?page=109&word=f',
  },
  {
    code: '100640',
    text: 'Broken rice',
    source: 'https://www.121-export.com/classifications/hs/v2012/100630',
  },
  {
    code: '2709',
    text: 'Petroleum oils and oils obtained from bituminous minerals; crude',
    source: 'https://tradeclassifier.com/hs-code/subheading/270900',
  },
  {
    code: '270900',
    text: 'Oils; petroleum oils and oils obtained from bituminous minerals, crude',
    source: 'https://www.121-export.com/classifications/hs/v2022/270900',
  },
  {
    code: '2710',
    text: 'Petroleum oils and oils obtained from bituminous minerals, other than crude; preparations not elsewhere specified or included, containing by weight 70 % or more of petroleum oils or of oils obtained from bituminous minerals, these oils being the basic constituents of the preparations; waste oils.',
    source: 'https://www.121-export.com/classifications/hs/v2012/2710',
  },
  {
    code: '271012',
    text: 'Petroleum oils and oils from bituminous minerals, not containing biodiesel, not crude, not waste oils; preparations n.e.c, containing by weight 70% or more of petroleum oils or oils from bituminous minerals; light oils and preparations',
    source: export2710,
  },
  {
    code: '271019',
    text: 'Petroleum oils and oils from bituminous minerals, not containing biodiesel, not crude, not waste oils; preparations n.e.c, containing by weight 70% or more of petroleum oils or oils from bituminous minerals; not light oils and preparations',
    source: export2710,
  },
  {
    code: '271020',
    text: 'Petroleum oils and oils from bituminous minerals, containing biodiesel, not crude, not waste oils; preparations n.e.c, containing by weight 70% or more of petroleum oils or oils from bituminous minerals',
    source: export2710,
  },
  {
    code: '271091',
    text: 'Waste Oils; of petroleum or obtained from bituminous minerals, not crude; and preparations n.e.c., weight 70% or preparations of the same, containing polychlorinated biphenyls (PCBs), polychorinated terphenyls (PCTs) or polybrominated biphenyls (PBBs)',
    source: export2710,
  },
  {
    code: '271099',
    text: 'Waste Oils; of petroleum or obtained from bituminous minerals, not crude and preparations n.e.c., weight 70% or preparations of the same, not containing polychlorinated biphenyls (PCBs), polychorinated terphenyls (PCTs) or polybrominated biphenyls (PBBs)',
    source: export2710,
  },
  {
    code: '2711',
    text: 'Petroleum gases and other gaseous hydrocarbons',
    source: 'https://www.121-export.com/classifications/hs/v2017/2711',
  },
  {
    code: '271112',
    text: 'Petroleum gases and other gaseous hydrocarbons; liquefied, propane',
    source: 'https://www.121-export.com/classifications/hs/v2022/271112',
  },
  {
    code: '271113',
    text: 'Petroleum gases and other gaseous hydrocarbons; liquefied, butanes',
    source: 'https://www.121-export.com/classifications/hs/v2022/271113',
  },
  {
    code: '2712',
    text: 'Petroleum jelly; paraffin wax, micro-crystalline petroleum wax, slack wax, ozokerite, lignite wax, peat wax, other mineral waxes, similar products obtained by synthesis, other processes; coloured or not',
    source: 'https://tradeclassifier.com/hs-code/heading/2712',
  },
  {
    code: '2713',
    text: 'Petroleum coke, petroleum bitumen and other residues of petroleum oils or of oils obtained from bituminous minerals.',
    source: 'https://www.121-export.com/classifications/hs/v2012/2713',
  },
];

const byCode = new Map(hsDescriptions.map((entry) => [entry.code, entry]));

/** The description of a code ("2710", "271019"; dots and spaces ignored), or null when the table has none. */
export function hsDescription(code: string): string | null {
  return byCode.get(code.replace(/[\s.]/g, ''))?.text ?? null;
}

/** "HS 271019 — Petroleum oils …", or the bare "HS 271111" for a code the table does not describe. */
export function hsLabel(code: string): string {
  const text = hsDescription(code);
  return text === null ? `HS ${code}` : `HS ${code} — ${text}`;
}
