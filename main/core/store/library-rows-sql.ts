import {
  LIBRARY_COLUMNS_SQL,
  LIBRARY_ROW_ID,
  LIBRARY_ROW_KEY,
  type ColumnSql,
  type StoredColumn,
} from './library-columns-sql';

/** A declaration of library columns, loosely typed: the proof test adds one that is not shared. */
export type DeclaredColumns = Readonly<Record<string, ColumnSql<unknown>>>;

/** A schema object as sqlite_master holds it. */
export interface SchemaObject {
  type: 'table' | 'index' | 'trigger';
  name: string;
  sql: string;
}

export interface LibrarySort {
  index: string;
  columns: readonly string[];
}

/** Everything about library_rows that follows from the column declaration. */
export interface LibraryRowsSql {
  /** In table order: the clustered key's columns first. */
  stored: readonly StoredColumn[];
  /** The table, its indexes and the triggers on it and on its sources, in creation order. */
  schema: readonly SchemaObject[];
  /** Fills the table from contents and licenses. */
  fill: string;
  sorts: Readonly<Record<string, LibrarySort>>;
  /** Reads a stored row (columns by name) back into an item. */
  read: (row: Readonly<Record<string, unknown>>) => Record<string, unknown>;
  /** The stored columns an item is read from, each as `<prefix><name>`. */
  selectList: (prefix: string) => string;
  /** The same from the source tables `c` (contents) and `l` (licenses), named as stored. */
  sourceSelectList: string;
}

/** Triggers on library_rows that keep library_counts: they do not depend on the columns. */
const COUNT_TRIGGERS: readonly SchemaObject[] = [
  {
    type: 'trigger',
    name: 'library_counts_insert',
    sql: `CREATE TRIGGER library_counts_insert AFTER INSERT ON library_rows BEGIN
  INSERT INTO library_counts (kind, total, downloaded)
    SELECT new.kind, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM library_counts WHERE kind = new.kind);
  UPDATE library_counts SET total = total + 1, downloaded = downloaded + new.downloaded
   WHERE kind = new.kind;
END`,
  },
  {
    type: 'trigger',
    name: 'library_counts_delete',
    sql: `CREATE TRIGGER library_counts_delete AFTER DELETE ON library_rows BEGIN
  UPDATE library_counts SET total = total - 1, downloaded = downloaded - old.downloaded
   WHERE kind = old.kind;
END`,
  },
  {
    type: 'trigger',
    name: 'library_counts_update',
    sql: `CREATE TRIGGER library_counts_update AFTER UPDATE OF kind, downloaded ON library_rows BEGIN
  UPDATE library_counts SET total = total - 1, downloaded = downloaded - old.downloaded
   WHERE kind = old.kind;
  INSERT INTO library_counts (kind, total, downloaded)
    SELECT new.kind, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM library_counts WHERE kind = new.kind);
  UPDATE library_counts SET total = total + 1, downloaded = downloaded + new.downloaded
   WHERE kind = new.kind;
END`,
  },
];

/** Triggers on contents and licenses that keep library_rows (dropped before a rebuild). */
export const SOURCE_TRIGGER_NAMES = [
  'library_rows_license_insert',
  'library_rows_license_delete',
  'library_rows_license_update',
  'library_rows_content_update',
  'library_rows_content_delete',
] as const;

/** `items` comma-separated, wrapped before 96 characters, continued lines indented by `indent`. */
function list(items: readonly string[], indent = '      '): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + item.length + 2 > 96 - indent.length) {
      lines.push(`${line},`);
      line = item;
    } else line = line ? `${line}, ${item}` : item;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

/**
 * Generates library_rows from the column declaration: its table, sort indexes and triggers, the
 * fill and the select lists. Adding a column: declare it in shared/ipc/library-columns.ts, then
 * its SQL in library-columns-sql.ts (the compiler asks for it), then a migration whose SQL is
 * what `npx tsx scripts/library-rows-migration.ts` prints (test/unit/core/store/
 * library-rows-sql.test.ts fails until the migrated store equals what the declaration generates).
 */
export function libraryRowsSql(columns: DeclaredColumns = LIBRARY_COLUMNS_SQL): LibraryRowsSql {
  const declared = Object.values(columns).flatMap((column) => column.stored);
  const all = [LIBRARY_ROW_ID, ...declared];
  const names = new Set(all.map((column) => column.name));
  if (names.size !== all.length) throw new Error('Two library columns are stored under one name');
  const byName = new Map(all.map((column) => [column.name, column]));
  const key = LIBRARY_ROW_KEY.map((name) => {
    const column = byName.get(name);
    if (!column) throw new Error(`The library key's column ${name} is not declared`);
    return column;
  });
  const stored = [...key, ...all.filter((column) => !key.includes(column))];
  const fromContents = stored.filter((column) => column.from === 'contents');
  const fromLicenses = stored.filter((column) => column.from === 'licenses');
  const columnList = list(stored.map((column) => column.name));
  const valuesFrom = (licenses: string) =>
    list(
      stored.map((column) =>
        column.from === 'contents' ? `c.${column.source}` : `${licenses}.${column.source}`,
      ),
    );

  const sorts: Record<string, LibrarySort> = {};
  for (const [name, column] of Object.entries(columns)) {
    if (!column.sort) continue;
    const first = column.stored[0].name;
    sorts[name] = { index: `library_rows_${first}`, columns: column.sort };
  }
  // By id alone (the clustered key's columns are implied): how a search's matches find their
  // rows and the filters on kind and downloaded. Searches are put in order by the sorts' kept
  // ranks, so this index no longer carries every sort column (store migration 12).
  const searchColumns = ['id'];

  const table = `CREATE TABLE library_rows (
  ${stored.map((column) => `${column.name} ${column.type},`).join('\n  ')}
  PRIMARY KEY (${LIBRARY_ROW_KEY.join(', ')})
) STRICT, WITHOUT ROWID`;
  const indexes: SchemaObject[] = [
    ...Object.values(sorts).map((sort): SchemaObject => ({
      type: 'index',
      name: sort.index,
      sql: `CREATE INDEX ${sort.index} ON library_rows (${sort.columns.join(', ')})`,
    })),
    {
      type: 'index',
      name: 'library_rows_id',
      sql: `CREATE INDEX library_rows_id ON library_rows (${searchColumns.join(', ')})`,
    },
    {
      type: 'index',
      name: 'library_rows_pending',
      sql: `CREATE INDEX library_rows_pending ON library_rows (id) WHERE state = 'return_pending'`,
    },
  ];

  const set = (from: readonly StoredColumn[]) =>
    list(
      from.map((column) => `${column.name} = new.${column.source}`),
      '         ',
    );
  const licenseSources = [...new Set(['content_id', ...fromLicenses.map((c) => c.source)])];
  const contentChanged = fromContents
    .filter((column) => column !== LIBRARY_ROW_ID)
    .map((column) => `old.${column.source} IS NOT new.${column.source}`)
    .join('\n    OR ');
  const sourceTriggers: SchemaObject[] = [
    {
      type: 'trigger',
      name: 'library_rows_license_insert',
      sql: `CREATE TRIGGER library_rows_license_insert AFTER INSERT ON licenses
  WHEN new.state <> 'confirmed' BEGIN
  INSERT INTO library_rows (${columnList})
    SELECT ${valuesFrom('new')}
      FROM contents c WHERE c.content_id = new.content_id;
END`,
    },
    {
      type: 'trigger',
      name: 'library_rows_license_delete',
      sql: `CREATE TRIGGER library_rows_license_delete AFTER DELETE ON licenses BEGIN
  DELETE FROM library_rows
   WHERE id = (SELECT id FROM contents WHERE content_id = old.content_id);
END`,
    },
    // A state change is an update in place; confirming takes the row out (and, should a flow
    // ever leave 'confirmed', the row comes back). Written as delete-then-insert when the
    // license moves to another content, which no flow does.
    {
      type: 'trigger',
      name: 'library_rows_license_update',
      sql: `CREATE TRIGGER library_rows_license_update AFTER UPDATE OF ${licenseSources.join(', ')} ON licenses BEGIN
  DELETE FROM library_rows
   WHERE (new.state = 'confirmed' OR new.content_id <> old.content_id)
     AND id = (SELECT id FROM contents WHERE content_id = old.content_id);
  UPDATE library_rows
     SET ${set(fromLicenses)}
   WHERE new.state <> 'confirmed' AND new.content_id = old.content_id
     AND id = (SELECT id FROM contents WHERE content_id = new.content_id);
  INSERT INTO library_rows (${columnList})
    SELECT ${valuesFrom('new')}
      FROM contents c
     WHERE c.content_id = new.content_id AND new.state <> 'confirmed'
       AND (old.state = 'confirmed' OR new.content_id <> old.content_id);
END`,
    },
    {
      type: 'trigger',
      name: 'library_rows_content_update',
      sql: `CREATE TRIGGER library_rows_content_update AFTER UPDATE ON contents
  WHEN ${contentChanged} BEGIN
  UPDATE library_rows
     SET ${set(fromContents.filter((column) => column !== LIBRARY_ROW_ID))}
   WHERE id = old.id;
END`,
    },
    {
      type: 'trigger',
      name: 'library_rows_content_delete',
      sql: `CREATE TRIGGER library_rows_content_delete AFTER DELETE ON contents BEGIN
  DELETE FROM library_rows WHERE id = old.id;
END`,
    },
  ];

  const itemColumns = stored.filter((column) => column !== LIBRARY_ROW_ID);
  // Read per column once, not per row: a page of search results turns 100 rows into items, and
  // building each item through Object.fromEntries cost about a third of that page's read.
  const readers = Object.entries(columns).map(([name, column]) => {
    const first = column.stored[0].name;
    return [name, column.read ?? ((row: Readonly<Record<string, unknown>>) => row[first])] as const;
  });
  return {
    stored,
    schema: [
      { type: 'table', name: 'library_rows', sql: table },
      ...indexes,
      ...COUNT_TRIGGERS,
      ...sourceTriggers,
    ],
    fill: `INSERT INTO library_rows (${columnList})
  SELECT ${valuesFrom('l')}
    FROM contents c JOIN licenses l ON l.content_id = c.content_id
   WHERE l.state <> 'confirmed'`,
    sorts,
    read: (row) => {
      const item: Record<string, unknown> = {};
      for (const [name, read] of readers) item[name] = read(row);
      return item;
    },
    selectList: (prefix) => itemColumns.map((column) => `${prefix}${column.name}`).join(', '),
    sourceSelectList: itemColumns
      .map(
        (column) => `${column.from === 'contents' ? 'c' : 'l'}.${column.source} AS ${column.name}`,
      )
      .join(', '),
  };
}

/**
 * The SQL of a migration that rebuilds library_rows for `generated`: the derived table is
 * dropped and filled again from its sources, with its indexes and triggers, and the per-kind
 * counts recounted. Frozen into the migration's file (a shipped migration never changes).
 */
export function libraryRowsRebuild(generated: LibraryRowsSql = libraryRowsSql()): string {
  const [table, ...rest] = generated.schema;
  return [
    ...SOURCE_TRIGGER_NAMES.map((name) => `DROP TRIGGER IF EXISTS ${name}`),
    'DROP TABLE IF EXISTS library_rows',
    table?.sql,
    generated.fill,
    ...rest.map((object) => object.sql),
    'DELETE FROM library_counts',
    `INSERT INTO library_counts (kind, total, downloaded)
  SELECT kind, count(*), sum(downloaded) FROM library_rows GROUP BY kind`,
  ]
    .map((statement) => `${statement};\n`)
    .join('');
}
