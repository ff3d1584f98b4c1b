import type { RawBuilder } from 'kysely';
import { sql } from 'kysely';

/** `"a", "b", …` for a row object's keys (our own column names, never input). */
export function columnList(row: object) {
  return sql.join(Object.keys(row).map((k) => sql.ref(k)));
}

/** `$1, $2, …`: the row's values as bound parameters. */
export function valueList(row: object) {
  return sql.join(Object.values(row).map((v) => sql`${v}`));
}

/** A data-modifying CTE part: `name as (insert into table (…) values (…), …)`. */
export function insertPart(name: string, table: string, rows: object[]) {
  const first = rows[0] ?? {};
  return sql`${sql.raw(name)} as (insert into ${sql.table(table)} (${columnList(first)}) values ${sql.join(
    rows.map((row) => sql`(${valueList(row)})`),
  )})`;
}

/**
 * `name as (insert into table (…) select … where condition)`: one row, written only when the
 * condition holds. PostgreSQL types each value from its column, as with `values`.
 */
export function gatedInsertPart(
  name: string,
  table: string,
  row: object,
  condition: RawBuilder<unknown>,
) {
  return sql`${sql.raw(name)} as (insert into ${sql.table(table)} (${columnList(row)}) select ${valueList(row)} where ${condition})`;
}
