import { z } from 'zod';
import { isoDateTimeSchema } from '../../shared/api/common';
import type { CoreContext } from './core-context';
import { META_KEYS } from './store/meta';

/**
 * The offline lease's clock (docs/design.md §7.4): time that a device clock set back cannot
 * move back. It is the latest of
 * - the device clock (a clock set forward only ends leases sooner);
 * - the newest server time this device verified (a lease's signed `issuedAt`);
 * - the last lease time this device observed, plus the computer's uptime since then (an uptime
 *   that is smaller than the one stored means the computer restarted, and counts nothing).
 * The last two are kept in the encrypted store (meta `lease_clock`). The mark goes back only
 * to a server time the app proved fresh (its nonce signed in the lease), so a device clock that
 * was once ahead stops ending leases at the next sync.
 */
export const leaseClockMarkSchema = z.strictObject({
  v: z.literal(1),
  /** The newest verified server time; null until a lease arrives. */
  signedAt: isoDateTimeSchema.nullable(),
  /** The last lease time observed. */
  seenAt: isoDateTimeSchema,
  /** The computer's uptime when `seenAt` was observed, in milliseconds. */
  uptimeMs: z.number().finite().nonnegative(),
});
export type LeaseClockMark = z.infer<typeof leaseClockMarkSchema>;

/** How far the device clock may run behind the lease clock before it is refused offline. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * How long a mark that only the uptime moved on is left unwritten. The uptime counts that time
 * anyway; only a restart of the computer loses it. Fewer writes matter: every open looks here,
 * and a write is a store transaction (and a page of the encrypted file) on the open's path.
 */
export const MARK_EVERY_MS = 10 * 60_000;

export interface LeaseTime {
  /** The lease clock now, in milliseconds since the epoch. */
  nowMs: number;
  /** How far the device clock is behind it (0 when it is not). */
  behindMs: number;
}

/** The lease clock from its parts; `floorMs` is a verified lease's issue time, when there is one. */
export function leaseTimeOf(
  deviceMs: number,
  uptimeMs: number,
  mark: LeaseClockMark | null,
  floorMs: number | null,
): LeaseTime {
  let nowMs = deviceMs;
  if (floorMs !== null) nowMs = Math.max(nowMs, floorMs);
  if (mark) {
    if (mark.signedAt !== null) nowMs = Math.max(nowMs, Date.parse(mark.signedAt));
    // Uptime below the stored one: the computer restarted, and its uptime is no measure.
    const elapsed = uptimeMs >= mark.uptimeMs ? uptimeMs - mark.uptimeMs : 0;
    nowMs = Math.max(nowMs, Date.parse(mark.seenAt) + elapsed);
  }
  return { nowMs, behindMs: nowMs - deviceMs };
}

/** The stored mark; a value that does not parse (edited, or from a newer version) is absent. */
function readMark(ctx: CoreContext): LeaseClockMark | null {
  return ctx.store.meta.get(META_KEYS.leaseClock, leaseClockMarkSchema);
}

function writeMark(ctx: CoreContext, mark: LeaseClockMark): void {
  ctx.store.meta.set(META_KEYS.leaseClock, mark);
}

/** The lease clock now, without storing it (the sync engine's "is a renewal due"). */
export function peekLeaseTime(ctx: CoreContext, floor: string | null = null): LeaseTime {
  return leaseTimeOf(
    Date.parse(ctx.now()),
    ctx.uptimeMs(),
    readMark(ctx),
    floor === null ? null : Date.parse(floor),
  );
}

/**
 * The lease clock now, stored as the new mark, so a later look (after a restart too) never
 * finds it earlier. `floor` must come from a verified lease.
 */
export function observeLeaseTime(ctx: CoreContext, floor: string | null = null): LeaseTime {
  const mark = readMark(ctx);
  const uptimeMs = ctx.uptimeMs();
  const time = leaseTimeOf(
    Date.parse(ctx.now()),
    uptimeMs,
    mark,
    floor === null ? null : Date.parse(floor),
  );
  if (mark && markStillHolds(mark, uptimeMs, time.nowMs, floor)) return time;
  writeMark(ctx, {
    v: 1,
    signedAt: mark?.signedAt ?? floor,
    seenAt: new Date(time.nowMs).toISOString(),
    uptimeMs,
  });
  return time;
}

/**
 * Whether the stored mark, moved on by the uptime, is the lease clock now (within a second; the
 * device clock was not found ahead of it) and was written less than MARK_EVERY_MS ago.
 */
function markStillHolds(
  mark: LeaseClockMark,
  uptimeMs: number,
  nowMs: number,
  floor: string | null,
): boolean {
  const elapsed = uptimeMs - mark.uptimeMs;
  return (
    elapsed >= 0 &&
    elapsed < MARK_EVERY_MS &&
    (mark.signedAt !== null || floor === null) &&
    nowMs - (Date.parse(mark.seenAt) + elapsed) < 1_000
  );
}

/**
 * Takes the issue time of a lease that just verified. A fresh one (it carries the nonce of the
 * request) is the server's time now, and becomes the mark even when it is earlier than the mark:
 * that heals a device clock that was once ahead. One without the nonce (a server that does not
 * sign it, or a lease played back) may only move the clock forward, and one older than the
 * newest server time seen is refused: false, and nothing changes.
 */
export function noteSignedTime(ctx: CoreContext, issuedAt: string, fresh: boolean): boolean {
  const mark = readMark(ctx);
  const uptimeMs = ctx.uptimeMs();
  if (fresh) {
    writeMark(ctx, { v: 1, signedAt: issuedAt, seenAt: issuedAt, uptimeMs });
    return true;
  }
  if (mark?.signedAt != null && Date.parse(issuedAt) < Date.parse(mark.signedAt)) return false;
  const time = leaseTimeOf(Date.parse(ctx.now()), uptimeMs, mark, Date.parse(issuedAt));
  writeMark(ctx, {
    v: 1,
    signedAt: issuedAt,
    seenAt: new Date(time.nowMs).toISOString(),
    uptimeMs,
  });
  return true;
}
