/**
 * The "Check a claim" panel (issue 12, item 7): for the commodities and reporters chosen on the page and one month,
 * the stored figures of that month, the month before and the year before, and every published claim about the month
 * with the server's verdict. The month is the view's `check` parameter, so the URL shares the check; a
 * "Check this month" link anywhere on the page (`a[data-check]`: tooltip, table) opens it without a reload.
 */
import { getClaims, getSeries } from '../api.ts';
import type { CheckedClaim, Series } from '../api-types.ts';
import { explain, isAbort } from '../explain.ts';
import { shiftMonth } from '../format-claims.ts';
import { formatMonthLong } from '../format.ts';
import { isMonth, seriesQuery, type ViewState } from '../state.ts';
import { renderCheckSeries } from './check-figures.ts';
import { byId, el, setStatus } from './dom.ts';

/** One panel per series would be a wall: the page's headline cards stop at a few series too. */
const maxCheckedSeries = 4;

export interface CheckActions {
  open: (month: string) => void;
  close: () => void;
}

export class CheckView {
  private readonly panel = byId('check-panel');
  private readonly form = byId<HTMLFormElement>('check-form');
  private readonly month = byId<HTMLInputElement>('check-month');
  private readonly closeButton = byId<HTMLButtonElement>('check-close');
  private readonly status = byId('check-status');
  private readonly result = byId('check-result');
  private readonly error = byId('check-error');
  private controller: AbortController | null = null;
  /** What is on screen, so a view change that does not touch the check does not refetch it. */
  private shown = '';

  constructor(private readonly track: <T>(promise: Promise<T>) => Promise<T>) {}

  wire(actions: CheckActions): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = this.month.value;
      if (!isMonth(value)) {
        this.error.hidden = false;
        this.error.textContent = 'Enter a month to check (month and year).';
        this.month.setAttribute('aria-invalid', 'true');
        return;
      }
      this.error.hidden = true;
      this.month.removeAttribute('aria-invalid');
      actions.open(value);
    });
    this.closeButton.addEventListener('click', () => actions.close());
    // A link keeps its address (a new tab, a copied link); a plain click opens the panel in place.
    document.addEventListener('click', (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-check]') : null;
      const month = link?.dataset.check;
      if (!month || !isMonth(month)) return;
      event.preventDefault();
      actions.open(month);
      this.panel.scrollIntoView({ block: 'start' });
      this.panel.focus({ preventScroll: true });
    });
  }

  /** Shows the check the view asks for, or clears the panel when it asks for none. */
  load(state: ViewState): void {
    const month = state.check;
    this.month.value = month ?? '';
    this.closeButton.hidden = month === null;
    this.panel.classList.toggle('open', month !== null);
    const from = month === null ? null : shiftMonth(month, -12);
    if (month === null || from === null) {
      this.controller?.abort();
      this.shown = '';
      this.result.replaceChildren();
      setStatus(this.status, null);
      return;
    }
    // The page's commodities, reporters, source and unit, over the thirteen months a y/y claim needs.
    const query = seriesQuery({ ...state, from, to: month, interval: 'month' });
    const key = `${query}|${month}`;
    if (key === this.shown) return;
    this.shown = key;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    setStatus(this.status, 'loading', `Loading the figures and claims for ${formatMonthLong(month)}…`);
    this.track(
      this.fetch(query, month, controller.signal).then(
        (parts) => {
          if (controller.signal.aborted) return;
          setStatus(this.status, null);
          this.result.replaceChildren(...parts);
        },
        (error: unknown) => {
          if (isAbort(error) || controller.signal.aborted) return;
          this.shown = '';
          this.result.replaceChildren();
          setStatus(this.status, 'error', explain(error, `the check of ${formatMonthLong(month)}`));
        },
      ),
    );
  }

  private async fetch(query: string, month: string, signal: AbortSignal): Promise<HTMLElement[]> {
    const response = await getSeries(query, signal);
    const series = response.series.slice(0, maxCheckedSeries);
    const parts = await Promise.all(series.map((s) => this.checkOne(s, month, signal)));
    if (response.series.length > series.length)
      parts.push(
        el(
          'p',
          { class: 'muted' },
          `Only the first ${series.length} of ${response.series.length} series are checked: choose fewer commodities or reporters to see the rest.`,
        ),
      );
    if (series.length === 0) parts.push(el('p', { class: 'muted' }, 'No series to check: choose a commodity.'));
    return parts;
  }

  private async checkOne(series: Series, month: string, signal: AbortSignal): Promise<HTMLElement> {
    let claims: CheckedClaim[] | null = null;
    let claimsError: string | null = null;
    try {
      const answer = await getClaims(
        { commodity: series.commodity, reporter: series.reporter, partner: series.partner, month },
        signal,
      );
      claims = answer.claims;
    } catch (error) {
      if (isAbort(error)) throw error;
      claimsError = explain(error, 'the published claims');
    }
    return renderCheckSeries(series, month, claims, claimsError);
  }
}
