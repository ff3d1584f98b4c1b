import { isAppError } from '../../shared/errors';

/** One item of a batch: what the single route would have answered, or what it would have thrown. */
export type BatchItem<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `each` over the items one after the other, each on its own (docs/design.md §3.5): an
 * item's refusal is its own result and the next item still runs. An error that is not one of
 * ours (the database went away, a disk filled up) ends the batch there: the items after it are
 * answered with that same error without being tried, since they would only wait for the same
 * failure, and none of them was written, so the client may send them again. An error for which
 * `endsAll` holds is thrown instead, for the caller to answer every item with it (a transaction
 * holding the earlier items is gone, so none of them may be answered as done).
 */
export async function eachOnItsOwn<I, T>(
  items: readonly I[],
  each: (item: I) => Promise<T>,
  endsAll: (error: unknown) => boolean = () => false,
): Promise<BatchItem<T>[]> {
  const results: BatchItem<T>[] = [];
  let stopped: { error: unknown } | null = null;
  for (const item of items) {
    if (stopped) {
      results.push({ ok: false, error: stopped.error });
      continue;
    }
    try {
      results.push({ ok: true, value: await each(item) });
    } catch (error) {
      if (endsAll(error)) throw error;
      results.push({ ok: false, error });
      if (!isAppError(error)) stopped = { error };
    }
  }
  return results;
}
