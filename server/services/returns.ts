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
async function resolveExisting(
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

/** The locked path: docs/design.md §3.2 step by step, in one transaction. */
function returnLocked(
  ctx: ServerContext,
  caller: Caller,
  request: ReturnRequest,
): Promise<ReturnOutcome> {
  return ctx.database.transaction(async (tx, finish): Promise<ReturnOutcome> => {
    // 1. Lock the license row (and its owner's, so balance and event sequence are stable).
    const license = await lockLicenseForReturn(tx, caller.userId, request.licenseId, {
      lock: true,
    });
    if (!license) return resolveExisting(tx, caller, request);
    const { receipt, writes } = await prepareReturn(ctx, tx, caller, request, license);
    const queued = await writeReturn(tx, ctx.engine, writes, finish);
    return { receipt, replay: false, queued, path: 'locked' };
  });
}

/** POST /returns: docs/design.md §3.2 "The return, step by step", in one transaction. */
export async function createReturn(
  ctx: ServerContext,
  caller: Caller,
  request: ReturnRequest,
): Promise<ReturnOutcome> {
  // The return is recorded against the device that signed this session in: a client cannot
  // name another device of the account.
  if (request.deviceId !== caller.deviceId) {
    throw new AppError('FORBIDDEN', 'deviceId is not the device this session signed in on');
  }
  try {
    // PostgreSQL first tries the return as one statement without a lock held across round
    // trips (return-unlocked.ts); anything it cannot vouch for takes the locked path.
    const outcome =
      (ctx.engine === 'postgres' ? await returnUnlocked(ctx, caller, request) : undefined) ??
      (await returnLocked(ctx, caller, request));
    if (!outcome.replay) {
      ctx.metrics.countReturn(outcome.receipt.kind, outcome.receipt.privilege.type);
      if (outcome.path) ctx.metrics.countReturnPath(outcome.path);
      if (outcome.queued) ctx.notifyOutbox();
    }
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
