import type { Db } from './database';
import type { EventsTable } from './schema';
import { precompiled } from './precompiled';

export type EventRow = EventsTable;

/**
 * PostgreSQL's type of each column of `events` (migration 0001), for a statement that must name
 * them: a `values` list that is not an insert's own (cte.ts, gatedInsertRowsPart). A column the
 * table gains fails to compile until it is named here; each type is checked against the migrated
 * table on both engines (test/integration/server/event-column-types.test.ts).
 */
export const EVENT_COLUMN_TYPES: Readonly<Record<keyof EventRow, string>> = {
  user_id: 'text',
  seq: 'integer',
  type: 'text',
  payload_json: 'text',
  created_at: 'text',
};

// A purchase or a return appends one or two events: both shapes are compiled once.
const insertOne = precompiled((db, row: EventRow) => db.insertInto('events').values(row));
type TwoRows = { [K in keyof EventRow as `a_${K}` | `b_${K}`]: EventRow[K] };
const insertTwo = precompiled((db, r: TwoRows) =>
  db.insertInto('events').values([
    {
      user_id: r.a_user_id,
      seq: r.a_seq,
      type: r.a_type,
      payload_json: r.a_payload_json,
      created_at: r.a_created_at,
    },
    {
      user_id: r.b_user_id,
      seq: r.b_seq,
      type: r.b_type,
      payload_json: r.b_payload_json,
      created_at: r.b_created_at,
    },
  ]),
);

export async function insertEvents(db: Db, rows: EventRow[]): Promise<void> {
  const [a, b] = rows;
  if (rows.length === 1 && a) {
    await insertOne(db, a);
  } else if (rows.length === 2 && a && b) {
    await insertTwo(db, {
      a_user_id: a.user_id,
      a_seq: a.seq,
      a_type: a.type,
      a_payload_json: a.payload_json,
      a_created_at: a.created_at,
      b_user_id: b.user_id,
      b_seq: b.seq,
      b_type: b.type,
      b_payload_json: b.payload_json,
      b_created_at: b.created_at,
    });
  } else if (rows.length > 0) {
    await db.insertInto('events').values(rows).execute();
  }
}

export function listEventsAfter(
  db: Db,
  userId: string,
  after: number,
  limit: number,
): Promise<EventRow[]> {
  return db
    .selectFrom('events')
    .selectAll()
    .where('user_id', '=', userId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
