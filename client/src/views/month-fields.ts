/**
 * The "From month" and "To month" fields. A month input reports a value each time its parts make a month, so typed
 * by keyboard ("06", then "2017") it became "2016-06" after the month and "0002-06" after the year's first digit,
 * and each of those went to the server (issue 13). Here a month is applied only when it is complete: on blur, on
 * Enter, or on a change that did not come from typing (the browser's month picker). A value that is not a month in
 * the fields' range is named next to the fields and nothing is requested.
 */
import { formatMonthLong } from '../format.ts';
import { isMonth } from '../state.ts';

export type MonthName = 'from' | 'to';

export interface MonthFieldsOptions {
  /** The months the view has chosen now (null: the data's own extent, shown in the field but not chosen). */
  current: () => Record<MonthName, string | null>;
  /** A complete, valid month (or null: the field was emptied) to apply. */
  apply: (name: MonthName, value: string | null) => void;
}

const labels: Record<MonthName, string> = { from: 'From month', to: 'To month' };

/** Whether a month field is being typed in: main.ts and controls.ts leave such a field's value alone. */
export function isEditing(input: HTMLInputElement): boolean {
  return input.dataset.editing === '1';
}

/**
 * Checks what a month field holds. Returns the month to apply (null for an emptied field), or a message saying why
 * it cannot be applied. Pure apart from reading the input: tests/e2e exercise it through the page.
 */
export function readMonthField(
  input: HTMLInputElement,
  name: MonthName,
): { ok: true; value: string | null } | { ok: false; message: string } {
  const value = input.value;
  // Chromium leaves the value empty, and sets badInput, while some part of the month is still blank.
  if (value === '' && input.validity.badInput)
    return { ok: false, message: `${labels[name]}: the month is not complete; give a month and a four-digit year.` };
  if (value === '') return { ok: true, value: null };
  if (!isMonth(value) || (input.min !== '' && value < input.min) || (input.max !== '' && value > input.max)) {
    return {
      ok: false,
      message: `${labels[name]}: ${value} is not a month from ${formatMonthLong(input.min)} to ${formatMonthLong(input.max)}; type a four-digit year.`,
    };
  }
  return { ok: true, value };
}

export function wireMonthFields(
  inputs: Record<MonthName, HTMLInputElement>,
  error: HTMLElement,
  options: MonthFieldsOptions,
): void {
  const showError = (message: string | null): void => {
    error.hidden = message === null;
    error.textContent = message ?? '';
  };
  const settle = (name: MonthName): void => {
    const input = inputs[name];
    delete input.dataset.editing;
    const read = readMonthField(input, name);
    if (!read.ok) {
      showError(read.message);
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    input.removeAttribute('aria-invalid');
    const current = options.current();
    // The data's extent shown in an unchosen field is no choice (controls.ts, showExtent).
    const value = current[name] === null && read.value === input.dataset.extent ? null : read.value;
    const next = { ...current, [name]: value };
    if (next.from !== null && next.to !== null && next.from > next.to) {
      showError(`From month (${formatMonthLong(next.from)}) is after To month (${formatMonthLong(next.to)}).`);
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    showError(null);
    for (const other of Object.values(inputs)) other.removeAttribute('aria-invalid');
    if (value !== current[name]) options.apply(name, value);
  };
  for (const name of ['from', 'to'] as const) {
    const input = inputs[name];
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        settle(name);
      } else if (event.key !== 'Tab' && event.key !== 'Shift' && event.key !== 'Escape') {
        input.dataset.editing = '1';
      }
    });
    // A change from the picker (no keystroke before it) is a whole month chosen at once.
    input.addEventListener('change', () => {
      if (!isEditing(input)) settle(name);
    });
    input.addEventListener('blur', () => {
      if (isEditing(input)) settle(name);
    });
  }
}
