import type { SyncEvent } from '../../shared/api/sync';
import type { EventRow } from '../db/events';

/** An event as the sync feed serves it, minus what the row itself holds. */
export type EventBody = SyncEvent extends infer E
  ? E extends SyncEvent
    ? Omit<E, 'seq' | 'createdAt'>
    : never
  : never;

/**
 * Rows for `bodies`, numbered after the user's locked event sequence (the last one is
 * `lastSeq`), so a user's feed is gapless and ordered even with several server processes.
 */
export function eventRows(
  userId: string,
  lastSeq: number,
  at: string,
  bodies: EventBody[],
): EventRow[] {
  const first = lastSeq - bodies.length + 1;
  return bodies.map(({ type, ...payload }, i) => ({
    user_id: userId,
    seq: first + i,
    type,
    payload_json: JSON.stringify(payload),
    created_at: at,
  }));
}

export function toSyncEvent(row: EventRow): SyncEvent {
  const payload = JSON.parse(row.payload_json) as object;
  return { ...payload, seq: row.seq, createdAt: row.created_at, type: row.type } as SyncEvent;
}
