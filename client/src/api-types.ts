/**
 * The shapes the dashboard reads from the JSON API: the server's own types, imported as types only (nothing from
 * server/ reaches the browser bundle). The handlers send these objects as they are (server/http/handlers/).
 */
import type { CommodityGroup, CommodityProduct, SourceInfo, UnitInfo } from '../../server/queries/commodities.ts';
import type { CapMonth, CapReport, CapReporterMonth } from '../../server/queries/cap.ts';
import type { TradeEvent } from '../../server/queries/events.ts';
import type { Headline } from '../../server/queries/headline.ts';
import type { Series, SeriesQuery } from '../../server/queries/series.ts';
import type { Change, PointStatus, SeriesPoint } from '../../server/queries/series-math.ts';
import type { Shipment, ShipmentMonth, ShipmentsReport } from '../../server/queries/shipments.ts';
import type { ErrorBody } from '../../server/errors.ts';
import type { CheckedClaim, CheckedFigure } from '../../server/queries/claims.ts';

export type {
  CapMonth,
  CapReporterMonth,
  CheckedClaim,
  CheckedFigure,
  Change,
  CommodityGroup,
  CommodityProduct,
  Headline,
  PointStatus,
  Series,
  SeriesPoint,
  Shipment,
  ShipmentMonth,
  SourceInfo,
  TradeEvent,
  UnitInfo,
};

/** `GET /api/series` */
export interface SeriesResponse {
  query: SeriesQuery;
  series: Series[];
}

/** `GET /api/cap` */
export type CapResponse = CapReport;

/** `GET /api/shipments` */
export type ShipmentsResponse = ShipmentsReport;

/** `GET /api/events` */
export interface EventsResponse {
  events: TradeEvent[];
  categories: string[];
}

/** `GET /api/commodities` */
export interface CommoditiesResponse {
  groups: CommodityGroup[];
  units: readonly UnitInfo[];
  sources: readonly SourceInfo[];
}

/** `GET /api/claims` */
export interface ClaimsResponse {
  query: { commodity: string; reporter: string; partner: string; month: string | null };
  claims: CheckedClaim[];
}

export type ApiErrorBody = ErrorBody;
