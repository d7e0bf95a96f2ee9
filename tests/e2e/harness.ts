/**
 * The end-to-end harness: builds the client into a temporary directory, serves it with the real app on a port
 * chosen by the OS over an in-memory database filled with the bundled data, and drives Debian's Chromium through
 * playwright-core (no browser download: CI installs `chromium` with apt, see .ci/run).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../server/app.ts';
import { importBundledDatasets } from '../../server/import/bundled.ts';
import { importFile } from '../../server/import/import-file.ts';
import { buildClient } from '../../scripts/build-client.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { repoRoot } from '../helpers/paths.ts';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.ts';

/**
 * A host name other than localhost, as a newsroom intranet serves the dashboard (issue 13): Chromium resolves it to
 * 127.0.0.1 itself (--host-resolver-rules), so no DNS or /etc/hosts is involved and no request leaves the machine.
 */
export const intranetHost = 'tradeflow.internal';
/**
 * Locally, no Chromium means the browser tests are skipped with this message; in CI (CI=true) they run anyway and
 * fail at launch, so a missing browser can never pass for a green build.
 */
export const skipReason: string | false =
  !existsSync(chromiumPath) && process.env.CI !== 'true'
    ? `Chromium not found at ${chromiumPath}: browser tests skipped (apt-get install -y chromium, or set CHROMIUM_PATH)`
    : false;

export const artifactsDir = join(repoRoot, 'tests/.artifacts/screenshots');

export interface Harness {
  baseUrl: string;
  /** The same server by the name `intranetHost`, over plain HTTP. */
  intranetUrl: string;
  browser: Browser;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  /**
   * Files imported after the bundled data, each as a dataset of its own (a second report of a month that the bundled
   * data already holds). Only the tests that ask for them see them.
   */
  extraFiles?: readonly string[];
  /**
   * Uploads on (issue 14): the admin token, and the in-memory database as the writable connection too (one
   * connection: an in-memory database cannot be opened twice). Uploaded files are kept in a temporary directory.
   */
  writes?: { adminToken: string; uploadMaxBytes?: number };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // The browser first: when it is missing (CI=true), the test fails here with nothing left open to hang on.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, `--host-resolver-rules=MAP ${intranetHost} 127.0.0.1`],
  });
  const clientDir = createTempDir('tradeflow-client-');
  const db = createTestDb();
  let server: Server | undefined;
  try {
    await buildClient(clientDir);
    await importBundledDatasets(db, join(repoRoot, 'data'), fixedNow);
    for (const file of options.extraFiles ?? []) await importFile(db, file, { now: fixedNow });
    const writes = options.writes
      ? {
          writeDb: db,
          adminToken: options.writes.adminToken,
          uploadDir: createTempDir('tradeflow-uploads-'),
          ...(options.writes.uploadMaxBytes === undefined ? {} : { uploadMaxBytes: options.writes.uploadMaxBytes }),
        }
      : undefined;
    const app = createApp({
      db,
      ...(writes ? { writeDb: writes.writeDb } : {}),
      config: writes ? { clientDir, ...writes } : { clientDir },
      now: fixedNow,
      logError: () => {},
    });
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
  } catch (error) {
    server?.close();
    db.close();
    await browser.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const listening = server;
  mkdirSync(artifactsDir, { recursive: true });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    intranetUrl: `http://${intranetHost}:${port}`,
    browser,
    close: async () => {
      await browser.close();
      listening.closeAllConnections();
      await new Promise<void>((resolve) => listening.close(() => resolve()));
      db.close();
    },
  };
}
