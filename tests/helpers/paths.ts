import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** Reference material beside the repository (also there in CI): tests read third-party files from here. */
export const sharedDataDir = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** Others' real files (../shared/data/third-party): read in place, never copied into this repository. */
export const thirdPartyDir = `${sharedDataDir}third-party/`;

/**
 * A user's clone has nothing beside it: tests of the third-party files skip, naming the folder. CI has the folder;
 * there (CI=true) they never skip, so a missing folder fails loudly instead of passing as skipped.
 */
export const thirdPartySkip: string | false =
  existsSync(thirdPartyDir) || process.env.CI === 'true'
    ? false
    : `${thirdPartyDir} is not here (it sits beside the repository in CI, not in a clone): skipped`;

export function fixture(path: string): string {
  return fixturesDir + path;
}
