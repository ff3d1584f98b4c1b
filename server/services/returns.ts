import type {
  Receipt,
  ReturnRequest,
  ReturnsQuery,
  ReturnsResponse,
} from '../../shared/api/returns';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/database';
import type { Finish } from '../db/pg-transaction';
import { lockLicenseForReturn } from '../db/licenses';
import { writeReturn } from '../db/return-writes';
import { findReturnById, findReturnByLicense, listReceipts } from '../db/returns';
import { decodeCursor, encodeCursor, timeIdCursorSchema } from '../util/cursor';
import type { Caller } from './auth';
import type { ReturnOutcome } from './return-prepare';
import { prepareReturn } from './return-prepare';
import { missingLicense } from './return-options';
import { returnUnlocked } from './return-unlocked';

export type { ReturnOutcome } from './return-prepare';

/**
 * The license row is gone (or never was the caller's): a repeat of the same return id answers
 * its receipt; another return id for an already returned license is a 409 carrying the receipt.
 */
export async function resolveExisting(
  db: Db,
  caller: Caller,
  request: ReturnRequest,
  afterConflict = false,
): Promise<ReturnOutcome> {
  const byLicense = await findReturnByLicense(db, request.licenseId);
  if (byLicense && byLicense.user_id === caller.userId && byLicense.id === request.returnId) {
    return { receipt: JSON.parse(byLicense.receipt_json) as Receipt, replay: true };
  }
  if (!byLicense && (await findReturnById(db, request.returnId))) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This return id was already used for another license',
    );
  }
  // A constraint refused a write although no return explains it (say, the upgrade target was
  // bought at the same moment): nothing was written, and trying again will resolve it.
  if (afterConflict && !byLicense) throw new AppError('CONFLICT', 'A concurrent change; try again');
  return missingLicense(db, caller, request.licenseId);
}

/**
 * The locked path's work on an open write transaction `tx`: docs/design.md §3.2 step by step.
 * Its own transaction for a single return; a savepoint of the batch's on SQLite (§3.5). The
 * caller has checked the device (checkDevice).
 */
export async function returnInTransaction(
  ctx: ServerContext,
  tx: Db,
  finish: Finish,
  caller: Caller,
  request: ReturnRequest,
): Promise<ReturnOutcome> {
  // 1. Lock the license row (and its owner's, so balance and event sequence are stable).
  const license = await lockLicenseForReturn(tx, caller.userId, request.licenseId, {
    lock: true,
  });
  if (!license) return resolveExisting(tx, caller, request);
  const { receipt, writes } = await prepareReturn(ctx, tx, caller, request, license);
  const queued = await writeReturn(tx, ctx.engine, writes, finish);
  return { receipt, replay: false, queued, path: 'locked' };
}

/**
 * The return is recorded against the device that signed this session in: a client cannot name
 * another device of the account.
 */
export function checkDevice(caller: Caller, request: ReturnRequest): void {
  if (request.deviceId !== caller.deviceId) {
    throw new AppError('FORBIDDEN', 'deviceId is not the device this session signed in on');
  }
}

/** After the commit: a new return is counted, and the webhook worker woken if it queued any. */
export function afterCommit(ctx: ServerContext, outcome: ReturnOutcome): void {
  if (outcome.replay) return;
  ctx.metrics.countReturn(outcome.receipt.kind, outcome.receipt.privilege.type);
  if (outcome.path) ctx.metrics.countReturnPath(outcome.path);
  if (outcome.queued) ctx.notifyOutbox();
}

/** POST /returns: docs/design.md §3.2 "The return, step by step", in one transaction. */
export async function createReturn(
  ctx: ServerContext,
  caller: Caller,
  request: ReturnRequest,
): Promise<ReturnOutcome> {
  checkDevice(caller, request);
  try {
    // PostgreSQL first tries the return as one statement without a lock held across round
    // trips (return-unlocked.ts); anything it cannot vouch for takes the locked path.
    const outcome =
      (ctx.engine === 'postgres' ? await returnUnlocked(ctx, caller, request) : undefined) ??
      (await ctx.database.transaction((tx, finish) =>
        returnInTransaction(ctx, tx, finish, caller, request),
      ));
    afterCommit(ctx, outcome);
    return outcome;
  } catch (error) {
    // Last line of defence: the unique return id / license id refused a racing duplicate.
    if (isUniqueViolation(error)) return resolveExisting(ctx.db, caller, request, true);
    throw error;
  }
}

const DEFAULT_RECEIPTS_PAGE = 50;

/** GET /returns: the caller's receipts, newest first, a page at a time. */
export async function receiptsOf(
  ctx: ServerContext,
  caller: Caller,
  query: ReturnsQuery,
): Promise<ReturnsResponse> {
  const limit = query.limit ?? DEFAULT_RECEIPTS_PAGE;
  const after = query.cursor ? decodeCursor(query.cursor, timeIdCursorSchema) : undefined;
  const rows = await listReceipts(
    ctx.db,
    caller.userId,
    after && { returnedAt: after[0], id: after[1] },
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    returns: page.map((row) => JSON.parse(row.receipt_json) as Receipt),
    nextCursor: rows.length > limit && last ? encodeCursor([last.returned_at, last.id]) : null,
  };
}
