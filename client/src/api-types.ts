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

export type {
  CapMonth,
  CapReporterMonth,
  CheckedClaim,
  CheckedFigure,
  Change,
  CommodityGroup,
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

/**
 * Issue 14's dataset pages, written from the contract (notes/issue-14-contract.md) while the server side is built
 * beside them: the shapes the datasets and upload pages read. Problems are the importer's own type.
 */

export interface DatasetCoverage {
  series: number;
  months: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
}

/** `GET /api/datasets`: each record with what it covers, how many versions it has had, whether its file is kept. */
export interface DatasetInfo extends DatasetRecord {
  coverage?: DatasetCoverage;
  versionCount?: number;
  fileAvailable?: boolean;
}

export interface DatasetsResponse {
  datasets: DatasetInfo[];
}

/** One month's figure in a version, before or after. */
export interface VersionFigure {
  rows: number;
  quantity: number | null;
  unit: string | null;
  valueUsd: number | null;
}

export interface VersionChange {
  series: string;
  /** null for what has no period (conversion factors). */
  period: string | null;
  kind: 'added' | 'removed' | 'revised';
  before: VersionFigure | null;
  after: VersionFigure | null;
  /** "China rice 2017-11: 672 t → 700 t" */
  text: string;
}

export interface DatasetVersion {
  version: number;
  sha256: string;
  fileName: string;
  format: string;
  rowCount: number;
  importedAt: string;
  replacedAt: string | null;
  sourceDescription: string;
  changes: VersionChange[];
  changeCount: number;
  /** The first version: nothing before it to compare with. */
  first?: boolean;
}

/** `GET /api/datasets/:name` */
export interface DatasetDetailResponse {
  dataset: DatasetInfo;
  versions: DatasetVersion[];
}

/** `GET /api/datasets/:name/versions` */
export interface DatasetVersionsResponse {
  versions: DatasetVersion[];
  deleted?: boolean;
}

/** A column of `GET /api/datasets/:name/rows`: a field name, or a field with a label. */
export type DatasetColumn = string | { name: string; label?: string };

/** `GET /api/datasets/:name/rows` */
export interface DatasetRowsResponse {
  total: number;
  offset: number;
  limit: number;
  columns: DatasetColumn[];
  rows: ({ file: string; line: number } & Record<string, unknown>)[];
}

/** `POST /api/datasets` 201 (imported) or 200 (unchanged): the import's summary without its problems. */
export interface UploadResponse {
  summary: {
    status: 'imported' | 'unchanged' | 'failed';
    file: string;
    dataset: string;
    format?: string;
    sha256?: string;
    rowsRead: number;
    rowsStored: number;
    duplicatesSkipped: number;
    replaced: boolean;
    problemCount: number;
    elapsedMs: number;
  };
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
