import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import * as placesRevInUsers from '../../../server/db/migrations/0011-places-rev-in-users';
import { buy, publishProduct, returnLicense } from '../../fixtures/server-catalog';
import { ENGINES, newUser, ok } from '../../fixtures/server-harness';
import type { PreviousVersion } from '../../fixtures/server-upgrade';
import { previousVersion } from '../../fixtures/server-upgrade';

/** Whether the table exists, on either engine. */
async function tableExists(db: Kysely<unknown>, engine: string, table: string): Promise<boolean> {
  const found =
    engine === 'postgres'
      ? await sql`select 1 from information_schema.tables where table_name = ${table}`.execute(db)
      : await sql`select 1 from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  return found.rows.length > 0;
}

async function placesRevOf(db: Kysely<unknown>, userId: string): Promise<number> {
  const found = await sql<{ rev: string | number }>`select places_rev as rev from users
    where id = ${userId}`.execute(db);
  return Number(found.rows[0]?.rev);
}

describe.each(ENGINES)('server migration 0011-places-rev-in-users on %s', (engine) => {
  let upgraded: PreviousVersion | undefined;
  afterAll(() => upgraded?.close());

  it('moves each user’s places revision into the user’s row, and back down', async () => {
    upgraded = await previousVersion(engine, '0011');
    const ts = await upgraded.startServer();
    const user = await newUser(ts);
    const product = await publishProduct(ts);
    const contentId = product.contentIds[0] ?? '';
    const { license } = await buy(ts, user, contentId);
    const at = new Date().toISOString();
    const push = (position: string) =>
      ok(ts.url, 'pushPlaces', {
        token: user.token,
        body: { positions: [{ contentId, position, updatedAt: at }], bookmarks: [] },
      });
    await push('1');
    await push('2');

    const db = upgraded.connect();
    expect(await tableExists(db, engine, 'place_revs')).toBe(false);
    expect(await placesRevOf(db, user.id)).toBe(2);

    // Down: the revision back in its own table (the version before reads it there).
    await placesRevInUsers.down(db);
    expect(await tableExists(db, engine, 'place_revs')).toBe(true);
    const kept = await sql<{ rev: string | number }>`select rev from place_revs
      where user_id = ${user.id}`.execute(db);
    expect(kept.rows.map((r) => Number(r.rev))).toEqual([2]);
    // Up from a database of that version: carried over, so a device's cursor stays valid.
    await placesRevInUsers.up(db);
    expect(await tableExists(db, engine, 'place_revs')).toBe(false);
    expect(await placesRevOf(db, user.id)).toBe(2);

    const page = await ok(ts.url, 'listPlaces', { token: user.token, query: { after: 2 } });
    expect(page.lastRev).toBe(2);
    await push('3');
    expect(await placesRevOf(db, user.id)).toBe(3);
    // A return still takes the item's places with it.
    await returnLicense(ts, user, license.licenseId);
    const left = await sql`select 1 from positions where user_id = ${user.id}`.execute(db);
    expect(left.rows).toHaveLength(0);
  });
});
