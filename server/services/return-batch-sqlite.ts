import type { ReturnRequest } from '../../shared/api/returns';
import type { ServerContext } from '../context';
import { isUniqueViolation } from '../db/database';
import { inSavepoint, transactionOpen } from '../db/sqlite-savepoint';
import type { Caller } from './auth';
import type { BatchItem } from './batch-item';
import { eachOnItsOwn } from './batch-item';
import type { ReturnOutcome } from './returns';
import { afterCommit, checkDevice, resolveExisting, returnInTransaction } from './returns';

/**
 * POST /returns/batch on SQLite (docs/design.md §3.5): the whole batch is ONE write
 * transaction, each return a savepoint in it. A return that fails rolls back to its savepoint
 * (nothing of it stays) and is answered with its own problem; the others still commit. The
 * answers leave only after the COMMIT: if it fails, or SQLite ended the transaction itself,
 * no return of the batch is committed and every item answers that error, so the app sends the
 * same return ids again. One COMMIT per batch instead of one per return: a COMMIT was about half
 * of SQLite's work per return (bench/findings.md, sync push).
 */
export async function createReturnsInOneTransaction(
  ctx: ServerContext,
  caller: Caller,
  requests: readonly ReturnRequest[],
): Promise<BatchItem<ReturnOutcome>[]> {
  let results: BatchItem<ReturnOutcome>[];
  try {
    results = await ctx.database.transaction((tx, finish) =>
      eachOnItsOwn(
        requests,
        async (request) => {
          checkDevice(caller, request);
          try {
            return await inSavepoint(tx, () =>
              returnInTransaction(ctx, tx, finish, caller, request),
            );
          } catch (error) {
            // The item's writes are undone; the batch's own earlier items are visible here, so
            // §3.3 resolves it as it would across transactions (a return id used twice).
            if (transactionOpen(tx) && isUniqueViolation(error))
              return resolveExisting(tx, caller, request, true);
            throw error;
          }
        },
        // The transaction is gone with everything before this item: nothing may be answered as
        // done (the catch below answers every item with the error).
        () => !transactionOpen(tx),
      ),
    );
  } catch (error) {
    return requests.map(() => ({ ok: false, error }));
  }
  for (const item of results) if (item.ok) afterCommit(ctx, item.value);
  return results;
}
