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
 * `name as (insert into table (…) select … from source)`: one row per row of `source`, a CTE
 * of at most one row (none: nothing written). PostgreSQL types each value from its column, as
 * with `values`. Fed by a scan of `source` rather than filtered by `where exists (select 1 from
 * source)`: no Result node and InitPlan to set up on every execution (bench/findings.md, about
 * 2 µs of PostgreSQL's CPU per part).
 */
export function gatedInsertPart(name: string, table: string, row: object, source: string) {
  return sql`${sql.raw(name)} as (insert into ${sql.table(table)} (${columnList(row)}) select ${valueList(row)} from ${sql.raw(source)})`;
}

/**
 * `name as (insert into table (…) select … from source, (values (…), (…)) v (…))`: every row in
 * one insert (one ModifyTable to set up per execution, not one per row), one copy per row of
 * `source` (at most one row; none: nothing written). A `values` list in FROM types its columns
 * from its own values, not from the table's, so each value is cast to its column's type.
 */
export function gatedInsertRowsPart(
  name: string,
  table: string,
  rows: object[],
  source: string,
  types: Readonly<Record<string, string>>,
) {
  const first = rows[0] ?? {};
  const cast = (row: object) =>
    sql.join(
      Object.entries(row).map(([column, value]) => {
        const type = types[column];
        if (type === undefined) throw new Error(`No column type for ${table}.${column}`);
        return sql`cast(${value} as ${sql.raw(type)})`;
      }),
    );
  return sql`${sql.raw(name)} as (insert into ${sql.table(table)} (${columnList(first)}) select ${columnList(first)} from ${sql.raw(source)}, (values ${sql.join(
    rows.map((row) => sql`(${cast(row)})`),
  )}) as v (${columnList(first)}))`;
}
