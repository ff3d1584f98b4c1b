import { AppError } from '../../shared/errors';
import type { LimitRule, ServerContext } from '../context';
import { extendRateLimit, hitRateLimit, refundRateLimit } from '../db/rate-limits';
import { iso } from '../util/clock';

// Each further `max` attempts past the limit double the window, up to 2^6 windows (16 hours
// for a 15-minute window): an attacker who keeps trying waits longer and longer.
const MAX_DOUBLINGS = 6;

/**
 * Counts one attempt under `key` and refuses it with 429 RATE_LIMITED when it is past the
 * rule's limit. The attempt is counted before the work it guards is done, in one statement, so
 * concurrent attempts can never all pass a check made before any of them was counted.
 */
export async function takeAttempt(ctx: ServerContext, key: string, rule: LimitRule): Promise<void> {
  const now = ctx.clock();
  const hit = await hitRateLimit(ctx.db, key, iso(now), iso(now + rule.windowMs));
  if (hit.count <= rule.max) return;
  const doublings = Math.min(MAX_DOUBLINGS, Math.floor((hit.count - rule.max - 1) / rule.max));
  let endsAt = Date.parse(hit.expiresAt);
  if (doublings > 0) {
    const grown = Date.parse(hit.windowStart) + rule.windowMs * 2 ** doublings;
    if (grown > endsAt) {
      await extendRateLimit(ctx.db, key, iso(grown));
      endsAt = grown;
    }
  }
  throw new AppError('RATE_LIMITED', 'Too many attempts; try again later', {
    data: { retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now) / 1000)) },
  });
}

/** Gives back an attempt counted by `takeAttempt` that turned out legitimate. */
export async function giveBackAttempt(ctx: ServerContext, key: string): Promise<void> {
  await refundRateLimit(ctx.db, key);
}
