/**
 * The shipments panel's date range. The native date inputs show the browser's own format ("01/01/2024" in en-US),
 * the rest of the page "7 Mar 2024" (issue 13: one date format): the chosen range is repeated beside them in the
 * page's format, and an inverted range is explained in it too.
 */
import { formatDate } from '../format.ts';

export function formatDateRange(from: string, to: string): string {
  return `${formatDate(from)} to ${formatDate(to)}`;
}

/** The range applied (the one the panel shows), not what is half-typed or refused in the inputs. */
export function showShipRange(output: HTMLElement, from: string, to: string): void {
  output.textContent = from && to ? `Showing ${formatDateRange(from, to)}` : '';
}

export function wireShipRange(
  from: HTMLInputElement,
  to: HTMLInputElement,
  apply: (from: string, to: string) => void,
  refuse: (message: string) => void,
): void {
  const changed = (): void => {
    if (from.value === '' || to.value === '') return;
    if (from.value > to.value) {
      refuse(`The shipments range starts (${formatDate(from.value)}) after it ends (${formatDate(to.value)}).`);
      return;
    }
    apply(from.value, to.value);
  };
  from.addEventListener('change', changed);
  to.addEventListener('change', changed);
}
