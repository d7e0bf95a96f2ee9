/**
 * The upload page (issue 14): the admin token (kept in sessionStorage only: typed once per tab's session, never a
 * cookie, so no other site can send it), a file chosen or dropped, an optional name and source; then the upload's
 * progress, "Importing…" while the server imports, and the summary or every problem with its line and column.
 */
import { uploadDataset, type UploadAnswer } from './api.ts';
import type { InvalidFileError } from './api-types.ts';
import {
  andMore,
  formatBytes,
  formatProblem,
  serializeDatasetView,
  emptyFilters,
  shortSha,
  tokenProblem,
  uploadFailure,
  uploadProgress,
  uploadSummaryText,
} from './format-datasets.ts';
import { exposeIdle, track } from './page-idle.ts';
import { byId, el } from './views/dom.ts';

const tokenKey = 'tradeflow-admin-token';
/** More problems than this are counted, not listed (the server sends the first 100). */
const problemsShown = 100;

const form = byId<HTMLFormElement>('upload-form');
const tokenInput = byId<HTMLInputElement>('token');
const fileInput = byId<HTMLInputElement>('file');
const dropZone = byId('drop-zone');
const button = byId<HTMLButtonElement>('upload-button');
const progressBox = byId('progress-box');
const progress = byId<HTMLProgressElement>('upload-progress');
const progressText = byId('progress-text');
const result = byId('result');

/** sessionStorage can be refused (a locked-down browser): the page then simply asks for the token each time. */
function storedToken(): string {
  try {
    return sessionStorage.getItem(tokenKey) ?? '';
  } catch {
    return '';
  }
}

function storeToken(token: string): void {
  try {
    if (token === '') sessionStorage.removeItem(tokenKey);
    else sessionStorage.setItem(tokenKey, token);
  } catch {
    // Not kept: asked again next time.
  }
}

function fieldError(field: 'token' | 'file' | 'name', message: string | null): void {
  const box = byId(`${field}-error`);
  box.hidden = message === null;
  box.textContent = message ?? '';
  const input = byId(field);
  if (message === null) input.removeAttribute('aria-invalid');
  else input.setAttribute('aria-invalid', 'true');
}

function showChosen(): void {
  const file = fileInput.files?.[0];
  byId('file-chosen').textContent = file ? `${file.name} (${formatBytes(file.size)})` : 'No file chosen.';
  if (file) fieldError('file', null);
}

function wireDrop(): void {
  // A file dropped anywhere else would make the browser open it in place of the page.
  for (const type of ['dragover', 'drop'] as const) window.addEventListener(type, (event) => event.preventDefault());
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    const files = event.dataTransfer?.files;
    if (!files || files.length === 0) return;
    if (files.length > 1) fieldError('file', 'One file at a time: the first one dropped is chosen.');
    const one = new DataTransfer();
    if (files[0]) one.items.add(files[0]);
    fileInput.files = one.files;
    showChosen();
  });
}

function datasetLink(name: string): string {
  return `./datasets.html?${serializeDatasetView({ name, filters: emptyFilters, offset: 0 })}`;
}

function showAnswer(answer: UploadAnswer): void {
  if (answer.ok) {
    const { summary } = answer.body;
    result.replaceChildren(
      el(
        'div',
        { class: 'result-box', 'data-kind': 'success' },
        el('h3', {}, summary.status === 'unchanged' ? 'Already stored' : 'Imported'),
        el('p', { id: 'result-summary' }, uploadSummaryText(summary)),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, 'Dataset'),
          el('dd', {}, summary.dataset),
          el('dt', {}, 'Rows stored'),
          el('dd', {}, summary.rowsStored.toLocaleString('en-US')),
          el('dt', {}, 'Rows read'),
          el('dd', {}, summary.rowsRead.toLocaleString('en-US')),
          el('dt', {}, 'Replaced an earlier version'),
          el('dd', {}, summary.replaced ? 'yes' : 'no'),
          summary.format ? el('dt', {}, 'Format') : null,
          summary.format ? el('dd', {}, summary.format) : null,
          summary.sha256 ? el('dt', {}, 'SHA-256') : null,
          summary.sha256
            ? el('dd', {}, el('code', { class: 'sha', title: summary.sha256 }, shortSha(summary.sha256)))
            : null,
        ),
        el(
          'p',
          { class: 'actions' },
          el('a', { class: 'button', id: 'result-dataset', href: datasetLink(summary.dataset) }, 'See the dataset'),
          el('a', { id: 'result-dashboard', href: './' }, 'Open the dashboard'),
        ),
      ),
    );
    return;
  }
  const error = answer.error;
  if (answer.status === 422 && error?.code === 'invalid-file') {
    const invalid = error as unknown as InvalidFileError;
    const problems = (invalid.problems ?? []).slice(0, problemsShown);
    const more = andMore(problems.length, invalid.problemCount ?? problems.length);
    result.replaceChildren(
      el(
        'div',
        { class: 'result-box', 'data-kind': 'error' },
        el('h3', {}, 'Nothing was imported: the file has problems'),
        el('p', {}, invalid.message),
        el(
          'ol',
          { class: 'problems', id: 'problem-list' },
          ...problems.map((p) =>
            el('li', { 'data-line': String(p.line) }, el('code', {}, formatProblem(invalid.file, p))),
          ),
        ),
        more ? el('p', { class: 'problems-more' }, more) : null,
        el('p', { class: 'muted' }, 'Fix these lines in the file and upload it again; the database was not changed.'),
      ),
    );
    fieldError('file', null);
    return;
  }
  const failure = uploadFailure(answer.status, error as { code?: string; message?: string; parameter?: string });
  result.replaceChildren(
    el(
      'div',
      { class: 'result-box', 'data-kind': 'error', 'data-status': String(answer.status) },
      el('h3', {}, failure.title),
      el('p', {}, failure.detail),
    ),
  );
  if (failure.field) {
    fieldError(failure.field, failure.title);
    byId(failure.field).focus();
  }
}

async function upload(): Promise<void> {
  const token = tokenInput.value.trim();
  const file = fileInput.files?.[0];
  const problem = tokenProblem(token);
  fieldError('token', problem);
  fieldError('file', file ? null : 'Choose a file to upload, or drop one on the box above.');
  fieldError('name', null);
  if (problem !== null) return tokenInput.focus();
  if (!file) return fileInput.focus();
  storeToken(token);

  // Name and source before the file: a server reading the stream knows them when the file starts.
  const body = new FormData();
  for (const field of ['name', 'source']) {
    const value = byId<HTMLInputElement>(field).value.trim();
    if (value !== '') body.append(field, value);
  }
  body.append('file', file, file.name);

  button.disabled = true;
  result.replaceChildren();
  progressBox.hidden = false;
  progress.value = 0;
  progressText.textContent = uploadProgress(0, file.size).text;
  // On a phone the bar is below the button, off the screen: bring it up so the upload is seen to start.
  progressBox.scrollIntoView({ block: 'nearest' });
  try {
    const answer = await uploadDataset(body, token, {
      progress: (loaded, total) => {
        const state = uploadProgress(loaded, total);
        if (state.percent === null) progress.removeAttribute('value');
        else progress.value = state.percent;
        progressText.textContent = state.text;
      },
      sent: () => {
        // The bytes are all there: the server now imports. No percent for that: an indeterminate bar.
        progress.removeAttribute('value');
        progressText.textContent = 'Importing…';
      },
    });
    progressBox.hidden = true;
    showAnswer(answer);
    result.focus();
  } finally {
    button.disabled = false;
  }
}

function start(): void {
  exposeIdle();
  tokenInput.value = storedToken();
  tokenInput.addEventListener('change', () => {
    fieldError('token', null);
    storeToken(tokenInput.value.trim());
  });
  byId('forget-token').addEventListener('click', () => {
    storeToken('');
    tokenInput.value = '';
    fieldError('token', null);
    tokenInput.focus();
  });
  fileInput.addEventListener('change', showChosen);
  wireDrop();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!button.disabled) void track(upload());
  });
  showChosen();
}

start();
