/**
 * One dataset, its rows, its versions and its original file (issue 14): GET /api/datasets/:name[/rows|/versions|/file].
 * The list itself is catalog.ts's, with each record described here.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler } from 'express';
import { AppError, NotFoundError } from '../../errors.ts';
import { findFormat } from '../../import/formats/index.ts';
import { browseRows } from '../../queries/dataset-rows.ts';
import {
  countVersionsByName,
  listVersions,
  readCurrentCoverage,
  type Coverage,
} from '../../queries/dataset-versions.ts';
import { listDatasetFilePaths, type DatasetRecord } from '../../queries/datasets.ts';
import { findDatasetByName } from '../../queries/imports.ts';
import { checkKeptFile } from '../kept-files.ts';
import { sendData, type ApiDeps } from '../respond.ts';
import { checkRange, datasetRowsParams, noParams, parseParams } from '../schemas.ts';

/** A dataset as the datasets endpoints give it: its provenance, what it covers, its history, its file. */
export interface DatasetDescription extends DatasetRecord {
  coverage: Coverage;
  versionCount: number;
  /** Whether GET /api/datasets/:name/file can send the original now (where it was read, same SHA-256). */
  fileAvailable: boolean;
}

const noCoverage: Coverage = { series: 0, months: 0, firstPeriod: null, lastPeriod: null };

export async function describeDatasets(
  db: ApiDeps['db'],
  records: readonly DatasetRecord[],
): Promise<DatasetDescription[]> {
  const coverage = readCurrentCoverage(db);
  const versions = countVersionsByName(db);
  const paths = listDatasetFilePaths(db);
  return Promise.all(
    records.map(async (record) => ({
      ...record,
      coverage: coverage.get(record.id) ?? noCoverage,
      versionCount: versions.get(record.name) ?? 0,
      fileAvailable: (await checkKeptFile(paths.get(record.id) ?? null, record.sha256)).available,
    })),
  );
}

/** The route's `:name` (Express has decoded it: `china%20rice` is `china rice`). */
function nameOf(req: Request): string {
  const { name } = req.params;
  return typeof name === 'string' ? name : '';
}

function findOrThrow(db: ApiDeps['db'], name: string): DatasetRecord {
  const dataset = findDatasetByName(db, name);
  if (dataset) return dataset;
  const deleted = listVersions(db, name) !== undefined;
  throw new NotFoundError(
    deleted
      ? `no dataset named "${name}" now: it was deleted; its versions are at /api/datasets/${encodeURIComponent(name)}/versions`
      : `no dataset named "${name}"; GET /api/datasets lists them`,
  );
}

export function datasetHandler({ db }: ApiDeps): RequestHandler {
  return async (req, res) => {
    parseParams(noParams, req.query);
    const name = nameOf(req);
    const record = findOrThrow(db, name);
    const [dataset] = await describeDatasets(db, [record]);
    sendData(res, { dataset, versions: listVersions(db, name) ?? [] });
  };
}

export function datasetRowsHandler({ db }: ApiDeps): RequestHandler {
  return (req, res) => {
    const params = parseParams(datasetRowsParams, req.query);
    checkRange(params.from, params.to, '9999-12', 'month');
    const dataset = findOrThrow(db, nameOf(req));
    const table = findFormat(dataset.format)?.table.name;
    if (table === undefined) throw new Error(`dataset ${dataset.name} has an unknown format ${dataset.format}`);
    const filters = {
      ...(params.from === undefined ? {} : { from: params.from }),
      ...(params.to === undefined ? {} : { to: params.to }),
      ...(params.commodity === undefined ? {} : { commodity: params.commodity }),
      ...(params.reporter === undefined ? {} : { reporter: params.reporter }),
      ...(params.partner === undefined ? {} : { partner: params.partner }),
    };
    const page = { offset: params.offset ?? 0, limit: params.limit ?? 100 };
    sendData(res, browseRows(db, table, dataset.id, dataset.fileName, filters, page));
  };
}

export function datasetVersionsHandler({ db }: ApiDeps): RequestHandler {
  return (req, res) => {
    parseParams(noParams, req.query);
    const name = nameOf(req);
    const versions = listVersions(db, name);
    if (versions === undefined) throw new NotFoundError(`no dataset named "${name}" was ever imported`);
    // A name whose last version was deleted keeps its history: `deleted` says that nothing of it is served now.
    sendData(res, { name, deleted: !versions.some((v) => v.current), versions });
  };
}

const fileTypes: Readonly<Record<string, string>> = { '.csv': 'text/csv', '.json': 'application/json' };

/** The original file, byte for byte; never through the response cache (it may be large, and may change on disk). */
export function datasetFileHandler({ db }: ApiDeps): RequestHandler {
  return async (req, res) => {
    parseParams(noParams, req.query);
    const dataset = findOrThrow(db, nameOf(req));
    const paths = listDatasetFilePaths(db);
    const kept = await checkKeptFile(paths.get(dataset.id) ?? null, dataset.sha256);
    if (!kept.available)
      throw new AppError(404, 'file-not-kept', `the original of "${dataset.name}" cannot be sent: ${kept.reason}`);
    res.attachment(dataset.fileName);
    // setHeader, not res.set: Express would add "charset=utf-8" to a text type, and the file may be Latin-1.
    res.setHeader('Content-Type', fileTypes[extname(dataset.fileName).toLowerCase()] ?? 'application/octet-stream');
    res.set({ 'Content-Length': String(kept.bytes), 'Cache-Control': 'no-cache', ETag: `"${dataset.sha256}"` });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    // A failure half-way is left to the error handler, which cuts the connection (the download is then incomplete,
    // never mistaken for whole).
    await pipeline(createReadStream(kept.path), res);
  };
}
