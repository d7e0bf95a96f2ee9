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
import type { DatasetRecord } from '../../server/queries/datasets.ts';
import type { Problem } from '../../server/import/problems.ts';
import type { ImportSummary } from '../../server/import/import-file.ts';
import type { DatasetDescription as DatasetInfo } from '../../server/http/handlers/datasets.ts';
import type { RowsPage } from '../../server/queries/dataset-rows.ts';
import type {
  Coverage as DatasetCoverage,
  VersionChange,
  VersionSummary as DatasetVersion,
} from '../../server/queries/dataset-versions.ts';

export type {
  CapMonth,
  CapReporterMonth,
  CheckedClaim,
  CheckedFigure,
  Change,
  CommodityGroup,
  DatasetCoverage,
  DatasetInfo,
  DatasetVersion,
  CommodityProduct,
  DatasetRecord,
  Headline,
  PointStatus,
  Problem,
  Series,
  SeriesPoint,
  Shipment,
  ShipmentMonth,
  SourceInfo,
  TradeEvent,
  UnitInfo,
  VersionChange,
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

/** `GET /api/datasets`: each record with what it covers, how many versions it has had, whether its file is kept. */
export interface DatasetsResponse {
  datasets: DatasetInfo[];
}

/** `GET /api/datasets/:name` */
export interface DatasetDetailResponse {
  dataset: DatasetInfo;
  versions: DatasetVersion[];
}

/** `GET /api/datasets/:name/versions` */
export interface DatasetVersionsResponse {
  name: string;
  deleted: boolean;
  versions: DatasetVersion[];
}

/** A column of `GET /api/datasets/:name/rows`: a field name (the server's), or a field with a label. */
export type DatasetColumn = string | { name: string; label?: string };

/** `GET /api/datasets/:name/rows`: RowsPage, each row with the file and line it was read from. */
export interface DatasetRowsResponse extends Omit<RowsPage, 'rows'> {
  rows: ({ file: string; line: number } & Record<string, unknown>)[];
}

/** `POST /api/datasets` 201 (imported) or 200 (unchanged): the import's summary without its problems. */
export interface UploadResponse {
  summary: Omit<ImportSummary, 'problems'>;
  dataset: DatasetRecord;
}

/** `POST /api/datasets` 422: the first problems of a file that was not imported, and how many there are. */
export interface InvalidFileError {
  code: 'invalid-file';
  message: string;
  file: string;
  /** The first 100, in file order; `column` is null for a problem of the whole line. */
  problems: (Omit<Problem, 'column'> & { column: number | null })[];
  problemCount: number;
}
