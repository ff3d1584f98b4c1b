import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../../server/db/database';
import * as returnWriteChecks from '../../../server/db/migrations/0010-return-write-checks';
import { buyAndReturnQuoted } from '../../fixtures/server-catalog';
import { ENGINES } from '../../fixtures/server-harness';
import type { PreviousVersion } from '../../fixtures/server-upgrade';
import { previousVersion } from '../../fixtures/server-upgrade';

/** The PostgreSQL foreign keys from `table` to `users`. */
async function keysToUsers(db: Kysely<unknown>, table: string): Promise<number> {
  const found = await sql<{ n: string }>`select count(*) as n from pg_constraint
    where contype = 'f' and conrelid = ${table}::regclass and confrelid = 'users'::regclass`.execute(
    db,
  );
  return Number(found.rows[0]?.n);
}

/** The columns of the ledger's primary key on PostgreSQL, in order. */
async function ledgerKey(db: Kysely<unknown>): Promise<string[]> {
  const found = await sql<{ column: string }>`select a.attname as column
    from pg_index i
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, n)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where i.indrelid = 'ledger'::regclass and i.indisprimary order by k.n`.execute(db);
  return found.rows.map((r) => r.column);
}

/** The return's ledger entry again under another id: refused by `(user_id, seq)` on both. */
async function duplicateRefused(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`insert into ledger (id, user_id, seq, delta, reason, reference, balance_after, created_at)
      select ${randomUUID()}, user_id, seq, delta, reason, reference, balance_after, created_at
      from ledger where reason = 'buyback'`.execute(db);
    return false;
  } catch (error) {
    return isUniqueViolation(error);
  }
}

describe.each(ENGINES)('server migration 0010-return-write-checks on %s', (engine) => {
  let upgraded: PreviousVersion | undefined;
  afterAll(() => upgraded?.close());

  it('upgrades a database of the previous version; returns write the ledger as before, (user_id, seq) still unique', async () => {
    upgraded = await previousVersion(engine, '0010');
    const ts = await upgraded.startServer();
    await buyAndReturnQuoted(ts);

    const after = upgraded.connect();
    const ledger = await sql<{ delta: string | number; balance: string | number }>`
      select l.delta, u.balance from ledger l join users u on u.id = l.user_id
      where l.reason = 'buyback'`.execute(after);
    expect(ledger.rows).toHaveLength(1);
    expect(Number(ledger.rows[0]?.delta)).toBeGreaterThan(0);
    expect(await duplicateRefused(after)).toBe(true);

    if (engine === 'postgres') {
      expect(await keysToUsers(after, 'returns')).toBe(0);
      expect(await keysToUsers(after, 'ledger')).toBe(0);
      expect(await ledgerKey(after)).toEqual(['user_id', 'seq']);
      // Down gives the previous version its keys back; up takes them off again.
      await returnWriteChecks.down(after);
      expect(await keysToUsers(after, 'returns')).toBe(1);
      expect(await keysToUsers(after, 'ledger')).toBe(1);
      expect(await ledgerKey(after)).toEqual(['id']);
      expect(await duplicateRefused(after)).toBe(true);
      await returnWriteChecks.up(after);
      expect(await keysToUsers(after, 'ledger')).toBe(0);
      expect(await ledgerKey(after)).toEqual(['user_id', 'seq']);
    }
  });
});
