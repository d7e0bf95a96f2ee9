/**
 * A dataset's versions on its page (issue 14), newest first: each version's file and when it was replaced, and
 * what it changed from the version before, month by month ("China rice 2017-11: 672 t → 700 t"), as the server
 * words it. A long list is cut, and says how many changes it leaves out.
 */
import type { DatasetVersion, VersionChange } from '../api-types.ts';
import {
  andMore,
  changesHeading,
  count,
  formatImportedAt,
  keepFiguresWhole,
  shortSha,
  versionTitle,
} from '../format-datasets.ts';
import { el, sourceLink } from './dom.ts';

/** More than this many changes per version are counted, not listed: a whole new year is hundreds of lines. */
const changesShown = 200;

const kindLabels: Record<VersionChange['kind'], string> = {
  added: 'added',
  removed: 'removed',
  revised: 'revised',
};

function renderChange(change: VersionChange): HTMLElement {
  return el(
    'li',
    { 'data-kind': change.kind, 'data-period': change.period ?? undefined },
    el('span', { class: 'change-kind', 'data-kind': change.kind }, kindLabels[change.kind] ?? change.kind),
    ' ',
    keepFiguresWhole(change.text),
  );
}

function renderVersion(version: DatasetVersion): HTMLElement {
  const facts = [
    version.fileName,
    version.format,
    count(version.rowCount, 'row'),
    `imported ${formatImportedAt(version.importedAt)}`,
  ];
  const shown = version.changes.slice(0, changesShown);
  const more = andMore(shown.length, Math.max(version.changeCount, version.changes.length));
  return el(
    'article',
    {
      class: 'version',
      'data-version': String(version.version),
      'data-current': version.replacedAt === null ? 'true' : 'false',
    },
    el('h3', {}, versionTitle(version)),
    el(
      'p',
      { class: 'muted version-facts' },
      facts.join(' · '),
      ' · SHA-256 ',
      el('code', { title: version.sha256 }, shortSha(version.sha256)),
    ),
    version.sourceDescription
      ? el(
          'p',
          { class: 'muted version-source' },
          'Source: ',
          sourceLink(version.sourceDescription, version.sourceDescription),
        )
      : null,
    el('p', { class: 'changes-heading' }, changesHeading(version)),
    shown.length > 0 ? el('ul', { class: 'changes' }, ...shown.map(renderChange)) : null,
    more ? el('p', { class: 'muted changes-more' }, more) : null,
  );
}

/** Fills `target` with every version, newest first (the order the server sends them in). */
export function renderVersions(target: HTMLElement, versions: readonly DatasetVersion[]): void {
  if (versions.length === 0) {
    target.replaceChildren(
      el('p', { class: 'status', 'data-kind': 'empty' }, 'No versions are recorded for this dataset.'),
    );
    return;
  }
  target.replaceChildren(...versions.map(renderVersion));
}
