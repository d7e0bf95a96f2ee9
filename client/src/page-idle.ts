/**
 * For the datasets and upload pages' end-to-end tests: `window.tradeflowPage.idle()` resolves when every request
 * the page has started so far is answered and drawn (the dashboard has its own, window.tradeflow, in main.ts).
 */
declare global {
  interface Window {
    tradeflowPage?: { idle: () => Promise<void> };
  }
}

const pending = new Set<Promise<unknown>>();

/** Remembers work in flight until it settles; returns the same promise. */
export function track<T>(promise: Promise<T>): Promise<T> {
  pending.add(promise);
  const done = (): void => {
    pending.delete(promise);
  };
  promise.then(done, done);
  return promise;
}

export function exposeIdle(): void {
  window.tradeflowPage = {
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
