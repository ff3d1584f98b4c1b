import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import * as dropQuotes from '../../../server/db/migrations/0009-drop-quotes';
import { buyAndReturnQuoted } from '../../fixtures/server-catalog';
import { ENGINES } from '../../fixtures/server-harness';
import type { PreviousVersion } from '../../fixtures/server-upgrade';
import { previousVersion } from '../../fixtures/server-upgrade';

const AT = '2026-01-01T00:00:00.000Z';

/** Whether `quotes` can be read (it exists), without leaving a failed transaction behind. */
async function hasQuotesTable(db: Kysely<unknown>): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === 'quotes');
}

describe.each(ENGINES)('server migration 0009-drop-quotes on %s', (engine) => {
  let upgraded: PreviousVersion | undefined;
  afterAll(() => upgraded?.close());

  it('drops the quotes table of a database from the previous version, and the server upgraded on it quotes and returns', async () => {
    // The previous version's schema, with a quote row it wrote before quotes were signed.
    upgraded = await previousVersion(engine, '0009', async (before) => {
      await sql`INSERT INTO quotes (id, user_id, license_id, options_json, created_at, expires_at)
                VALUES ('q1', 'u1', 'l1', '[]', ${AT}, ${AT})`.execute(before);
      expect(await hasQuotesTable(before)).toBe(true);
    });
    const ts = await upgraded.startServer();
    await buyAndReturnQuoted(ts);

    const after = upgraded.connect();
    expect(await hasQuotesTable(after)).toBe(false);
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(after);
    expect(applied.rows.map((r) => r.name)).toContain('0009-drop-quotes');

    // Down gives the previous version its (empty) table back; up drops it again.
    await dropQuotes.down(after);
    expect(await hasQuotesTable(after)).toBe(true);
    await dropQuotes.up(after);
    expect(await hasQuotesTable(after)).toBe(false);
  });
});
