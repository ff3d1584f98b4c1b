import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The return kind the screens call "Trade in" was stored as `collection`: one name from database
 * to screen now. Renames the policy columns, and rewrites every stored value that carries the
 * kind or the policy field: returns and ledger rows, and the JSON kept as sent (receipts, quotes,
 * purchase responses and sync events carry it, a pending webhook delivery too), so a replayed
 * response or a late delivery speaks the same contract as a fresh one. JSON is written by
 * JSON.stringify (no spaces), and a quote inside a string value is escaped, so the quoted
 * patterns below only match keys and kind values.
 */
const renames = {
  kind: ['"kind":"collection"', '"kind":"trade_in"'],
  field: ['"collection":', '"tradeIn":'],
} as const;

type Direction = 'up' | 'down';

async function rewrite(db: Kysely<unknown>, direction: Direction): Promise<void> {
  const [oldKind, newKind] =
    direction === 'up' ? ['collection', 'trade_in'] : ['trade_in', 'collection'];
  const pair = (which: keyof typeof renames) => {
    const [from, to] = renames[which];
    return direction === 'up' ? [from, to] : [to, from];
  };
  const [kindFrom, kindTo] = pair('kind');
  const [fieldFrom, fieldTo] = pair('field');
  const both = (column: string) =>
    sql`replace(replace(${sql.ref(column)}, ${kindFrom}, ${kindTo}), ${fieldFrom}, ${fieldTo})`;

  await sql`UPDATE returns SET kind = ${newKind} WHERE kind = ${oldKind}`.execute(db);
  await sql`UPDATE ledger SET reason = ${newKind} WHERE reason = ${oldKind}`.execute(db);
  await sql`UPDATE returns SET receipt_json = ${both('receipt_json')}`.execute(db);
  await sql`UPDATE quotes SET options_json = ${both('options_json')}`.execute(db);
  await sql`UPDATE purchases SET response_json = ${both('response_json')}`.execute(db);
  await sql`UPDATE events SET payload_json = ${both('payload_json')}`.execute(db);
  await sql`UPDATE webhook_deliveries SET body = ${both('body')}
             WHERE delivered_at IS NULL AND failed_at IS NULL`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('return_policies')
    .renameColumn('collection_type', 'trade_in_type')
    .execute();
  await db.schema
    .alterTable('return_policies')
    .renameColumn('collection_rate_pct', 'trade_in_rate_pct')
    .execute();
  await rewrite(db, 'up');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await rewrite(db, 'down');
  await db.schema
    .alterTable('return_policies')
    .renameColumn('trade_in_rate_pct', 'collection_rate_pct')
    .execute();
  await db.schema
    .alterTable('return_policies')
    .renameColumn('trade_in_type', 'collection_type')
    .execute();
}
