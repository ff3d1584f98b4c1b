import type { ReturnPolicy } from '../../shared/api/catalog';
import type { ReturnLimit, ReturnRefusal } from '../../shared/api/returns';
import { RETURN_LIMIT_PERIOD_DAYS } from '../../shared/api/returns';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/database';
import type { LicenseForReturn } from '../db/licenses';
import { countReturnsSince, returnTimeSince } from '../db/returns';
import { DAY_MS, iso } from '../util/clock';
import { isWindowOpen } from './pricing';
import { toPolicy } from './views';

/** Everything but the options that decides a return of one license, as of `now`. */
export interface Eligibility {
  policy: ReturnPolicy | null;
  limit: ReturnLimit | null;
  /** Null when a return may go ahead (an option must still be offered). */
  refusal: ReturnRefusal | null;
}

const PERIOD_MS = RETURN_LIMIT_PERIOD_DAYS * DAY_MS;

/**
 * The policy's limit as it stands for the user. The limit is set per product, but every return
 * of the user's, whatever the item, counts against it (docs/design.md §2.2).
 */
export async function returnLimitOf(
  db: Db,
  userId: string,
  allowed: number,
  now: number,
): Promise<ReturnLimit> {
  const since = iso(now - PERIOD_MS);
  const used = await countReturnsSince(db, userId, since);
  let nextFreeAt: string | null = null;
  if (used >= allowed) {
    // Below the limit again once `used - allowed + 1` returns have left the period: the
    // (used - allowed)-th oldest one is the last of them.
    const at = await returnTimeSince(db, userId, since, used - allowed);
    nextFreeAt = at === null ? null : iso(Date.parse(at) + PERIOD_MS);
  }
  return { allowed, used, periodDays: RETURN_LIMIT_PERIOD_DAYS, nextFreeAt };
}

/**
 * The one check both the quote and the return run (docs/design.md §3.1, §3.2), so a quote is
 * never offered for a return that would be refused. On the return path the user row is locked
 * (PostgreSQL) or the database is (SQLite), so the count is exact there.
 */
export async function eligibilityOf(
  db: Db,
  userId: string,
  license: LicenseForReturn,
  now: number,
): Promise<Eligibility> {
  const policy = toPolicy(license);
  const allowed = policy?.limitPer30Days ?? null;
  const limit = allowed === null ? null : await returnLimitOf(db, userId, allowed, now);
  let refusal: ReturnRefusal | null = null;
  if (!policy) refusal = { code: 'NOT_RETURNABLE', freesAt: null };
  else if (!isWindowOpen(license.l_return_deadline, now))
    refusal = { code: 'RETURN_WINDOW_CLOSED', freesAt: null };
  else if (limit && limit.used >= limit.allowed)
    refusal = { code: 'RETURN_LIMIT_REACHED', freesAt: limit.nextFreeAt };
  return { policy, limit, refusal };
}

/** The refusal as the error the return route answers (problem+json with `freesAt`). */
export function refusalError(refusal: ReturnRefusal): AppError {
  return new AppError(refusal.code, undefined, {
    data: refusal.freesAt ? { freesAt: refusal.freesAt } : undefined,
  });
}
