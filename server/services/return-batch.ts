import type { ReturnRequest } from '../../shared/api/returns';
import { isAppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { Caller } from './auth';
import { quoteReturn } from './return-options';
import type { ReturnOutcome } from './returns';
import { createReturn } from './returns';

/** One item of a batch: what the single route would have answered, or what it would have thrown. */
export type BatchItem<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `each` over the items one after the other, each on its own (docs/design.md §3.5): an
 * item's refusal is its own result and the next item still runs. An error that is not one of
 * ours (the database went away, a disk filled up) ends the batch there: the items after it are
 * answered with that same error without being tried, since they would only wait for the same
 * failure, and none of them was written, so the client may send them again.
 */
async function eachOnItsOwn<I, T>(
  items: readonly I[],
  each: (item: I) => Promise<T>,
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
      results.push({ ok: false, error });
      if (!isAppError(error)) stopped = { error };
    }
  }
  return results;
}

/**
 * POST /returns/batch: every return exactly as POST /returns runs it — its own transaction, its
 * own return id as idempotency key — so a replayed batch, or a batch racing a single return of
 * the same id, resolves item by item through §3.3. The request pays for one session check and
 * one HTTP exchange instead of one per return.
 */
export function createReturns(
  ctx: ServerContext,
  caller: Caller,
  requests: readonly ReturnRequest[],
): Promise<BatchItem<ReturnOutcome>[]> {
  return eachOnItsOwn(requests, (request) => createReturn(ctx, caller, request));
}

/** POST /return-quotes: the quote of each license, as GET /licenses/:id/return-quote answers it. */
export function quoteReturns(ctx: ServerContext, caller: Caller, licenseIds: readonly string[]) {
  return eachOnItsOwn(licenseIds, (licenseId) => quoteReturn(ctx, caller, licenseId));
}
