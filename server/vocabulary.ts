/**
 * Tradeflow's one vocabulary: the words the importer stores, the queries read, the API sends and the client shows.
 * Declared once here (the client imports the types with `import type`); the SQL CHECK constraints hold the same
 * lists, and tests/unit/vocabulary.test.ts checks them against these.
 */

export const directions = ['export', 'import', 're-export', 're-import'] as const;
export type Direction = (typeof directions)[number];

export const frequencies = ['month', 'year'] as const;
export type Frequency = (typeof frequencies)[number];

/** A figure's status. The order is the integer code stored in flow_facts.status (migration 0005). */
export const statuses = ['reported', 'reported-zero', 'not-reported', 'estimated'] as const;
export type Status = (typeof statuses)[number];

/** flow_facts.status for a status: its place in `statuses`. */
export const statusCodes: Readonly<Record<Status, number>> = {
  reported: 0,
  'reported-zero': 1,
  'not-reported': 2,
  estimated: 3,
};

/** Bits of flow_facts.flags (migration 0005). */
export const flowFlags = {
  quantityEstimated: 1,
  weightEstimated: 2,
  aggregate: 4,
  /** The file said whether the reporter reported the figure itself (Comtrade+ isReported) … */
  reportedGiven: 8,
  /** … and it said yes. */
  reportedByReporter: 16,
} as const;

/** Units a series can be given in: quantities, and the value in US dollars. */
export const quantityUnits = ['kg', 't', 'bbl'] as const;
export type QuantityUnit = (typeof quantityUnits)[number];
export const seriesUnits = [...quantityUnits, 'usd'] as const;
export type SeriesUnit = (typeof seriesUnits)[number];

/** Units a 1718 Committee notification is given in. */
export const un1718Units = ['bbl', 't'] as const;

/** A shipment's status: shipments are reported or estimated, never "not reported" rows. */
export const shipmentStatuses = ['reported', 'estimated'] as const;

export const eventCategories = ['sanctions', 'resolution', 'test', 'trade-ban', 'diplomacy', 'shipping'] as const;
export type EventCategory = (typeof eventCategories)[number];

/**
 * What a published claim says (docs/formats.md#claims): a change in percent from a year or a month earlier, a total
 * over a period, or that a month's figure is the lowest or highest since a named month.
 */
export const claimKinds = ['yoy', 'mom', 'total', 'lowest-since', 'highest-since'] as const;
export type ClaimKind = (typeof claimKinds)[number];

/** Units of a published total: the series' units, plus `calls`, a count of tanker calls. */
export const claimUnits = [...seriesUnits, 'calls'] as const;
export type ClaimUnit = (typeof claimUnits)[number];

/** Whether a published total is the figure (`exact`, within 0.5%) or a bound: "more than 1 million barrels". */
export const claimBounds = ['exact', 'more-than', 'less-than'] as const;
export type ClaimBound = (typeof claimBounds)[number];

/** A claim's verdict against what Tradeflow computes (server/queries/claim-verdict.ts). */
export const claimVerdicts = ['agrees', 'disagrees', 'cannot-check'] as const;
export type ClaimVerdict = (typeof claimVerdicts)[number];
