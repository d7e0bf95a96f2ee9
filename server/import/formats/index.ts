import type { AnyFormat } from './format.ts';
import { tradeflowFlows } from './tradeflow-flows.ts';
import { tradeflowUn1718 } from './tradeflow-un1718.ts';
import { tradeflowShipments } from './tradeflow-shipments.ts';
import { tradeflowEvents } from './tradeflow-events.ts';
import { tradeflowFactors } from './tradeflow-factors.ts';
import { tradeflowClaims } from './tradeflow-claims.ts';
import { comtradePlusCsv } from './comtrade-plus-csv.ts';
import { comtradePlusJson } from './comtrade-plus-json.ts';
import { comtradeLegacyCsv } from './comtrade-legacy-csv.ts';
import { comtradeLegacyJson } from './comtrade-legacy-json.ts';

/** Every format the importer knows, in the order detection tries them. */
export const formats: readonly AnyFormat[] = [
  tradeflowFlows,
  tradeflowUn1718,
  tradeflowShipments,
  tradeflowEvents,
  tradeflowFactors,
  tradeflowClaims,
  comtradePlusCsv,
  comtradeLegacyCsv,
  comtradePlusJson,
  comtradeLegacyJson,
];

export function findFormat(name: string): AnyFormat | undefined {
  return formats.find((format) => format.name === name);
}
