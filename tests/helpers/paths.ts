import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** Reference material beside the repository (also there in CI): tests read third-party files from here. */
export const sharedDataDir = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export function fixture(path: string): string {
  return fixturesDir + path;
}
