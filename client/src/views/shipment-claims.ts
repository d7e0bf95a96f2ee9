/**
 * The published totals about Russia's oil shipments that fall in the shipments panel's range (issue 12): "43 tanker
 * calls at Vostochny, March–November 2024", "more than 1 million barrels". Each is shown beside the dated calls the
 * panel lists, with the server's verdict and reason (GET /api/claims; the page never recomputes it), so the sentence
 * can be checked where the calls are, in one step from the first page.
 */
import { getClaims } from '../api.ts';
import type { CheckedClaim } from '../api-types.ts';
import { explain } from '../explain.ts';
import { claimItem } from './check-figures.ts';
import { el } from './dom.ts';

/** Whether a total's months (periodFrom to period) meet the range's (YYYY-MM-DD dates). */
export function totalInRange(
  claim: Pick<CheckedClaim, 'kind' | 'period' | 'periodFrom'>,
  from: string,
  to: string,
): boolean {
  if (claim.kind !== 'total') return false;
  const first = claim.periodFrom ?? claim.period;
  return first <= to.slice(0, 7) && claim.period >= from.slice(0, 7);
}

export class ShipmentClaims {
  /** The claims do not depend on the range: asked for once, then filtered for each range shown. */
  private claims: Promise<CheckedClaim[]> | null = null;
  /** The range last asked for: an answer that arrives after another range was chosen is not shown. */
  private range = '';
  private readonly list: HTMLElement;

  constructor(private readonly section: HTMLElement) {
    const list = section.querySelector<HTMLElement>('ul.claims');
    if (list === null) throw new Error('#shipments-claims has no ul.claims');
    this.list = list;
  }

  /** Lists the totals whose months meet the range; hidden when none does; says so when they cannot be loaded. */
  load(from: string, to: string): void {
    const range = `${from}/${to}`;
    this.range = range;
    const claims = (this.claims ??= getClaims({ commodity: 'refined-oil', reporter: 'RUS', partner: 'PRK' }).then(
      (response) => response.claims,
    ));
    claims.then(
      (all) => {
        if (this.range !== range) return;
        const shown = all.filter((claim) => totalInRange(claim, from, to));
        this.list.replaceChildren(...shown.map(claimItem));
        this.section.hidden = shown.length === 0;
      },
      (error: unknown) => {
        // Asked again with the next range.
        if (this.claims === claims) this.claims = null;
        if (this.range !== range) return;
        this.list.replaceChildren(
          el('li', { class: 'status', 'data-kind': 'error' }, explain(error, 'the published totals')),
        );
        this.section.hidden = false;
      },
    );
  }
}
