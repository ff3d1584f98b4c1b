import { randomUUID } from 'node:crypto';
import type { LedgerReason, Wallet, WalletQuery } from '../../shared/api/wallet';
import type { SyncResponse } from '../../shared/api/sync';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { insertEvents, listEventsAfter } from '../db/events';
import { insertLedgerEntry, listLedger } from '../db/ledger';
import { bumpUser, findUserById } from '../db/users';
import { iso } from '../util/clock';
import { decodeCursor, encodeCursor, seqCursorSchema } from '../util/cursor';
import type { Caller } from './auth';
import { overBalanceCap } from './points-held';
import { eventRows, toSyncEvent } from './events';

export async function walletOf(
  ctx: ServerContext,
  caller: Caller,
  query: WalletQuery,
): Promise<Wallet> {
  const limit = query.limit ?? 50;
  const before = query.cursor ? decodeCursor(query.cursor, seqCursorSchema)[0] : undefined;
  const [user, rows] = await Promise.all([
    findUserById(ctx.db, caller.userId),
    listLedger(ctx.db, caller.userId, before, limit + 1),
  ]);
  if (!user) throw new AppError('UNAUTHENTICATED');
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    balance: user.balance,
    entries: page.map((r) => ({
      id: r.id,
      delta: r.delta,
      reason: r.reason as LedgerReason,
      reference: r.reference,
      item:
        r.item_content_id !== null && r.item_title !== null && r.item_version !== null
          ? { contentId: r.item_content_id, title: r.item_title, version: r.item_version }
          : null,
      balanceAfter: r.balance_after,
      createdAt: r.created_at,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null,
  };
}

export async function syncFeed(
  ctx: ServerContext,
  caller: Caller,
  query: { after: number; limit?: number | undefined },
): Promise<SyncResponse> {
  const limit = query.limit ?? 200;
  const rows = await listEventsAfter(ctx.db, caller.userId, query.after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // With nothing new, answer the user's current sequence: a client ahead of it (a reset server)
  // sees lastSeq < after and can start over.
  const lastSeq = last ? last.seq : ((await findUserById(ctx.db, caller.userId))?.event_seq ?? 0);
  return { events: page.map(toSyncEvent), lastSeq, hasMore: rows.length > limit };
}

/** Grants points outside a purchase or return (the demo seed; support gestures). */
export async function grantPoints(
  ctx: ServerContext,
  userId: string,
  points: number,
  reason: LedgerReason = 'grant',
): Promise<number> {
  const at = iso(ctx.clock());
  return ctx.database.transaction(async (tx) => {
    const bump = await bumpUser(tx, userId, points, 1);
    if (!bump) throw new AppError('NOT_FOUND', 'No such user');
    // Refused, never stored: the transaction rolls back.
    if (overBalanceCap(bump.balance, bump.held)) throw new AppError('BALANCE_LIMIT_REACHED');
    await insertLedgerEntry(tx, {
      id: randomUUID(),
      user_id: userId,
      seq: bump.eventSeq,
      delta: points,
      reason,
      reference: null,
      balance_after: bump.balance,
      created_at: at,
    });
    await insertEvents(
      tx,
      eventRows(userId, bump.eventSeq, at, [{ type: 'wallet.changed', balance: bump.balance }]),
    );
    return bump.balance;
  });
}
