import type { Db } from './database';
import type { ContentCoversTable } from './schema';

export async function insertCover(db: Db, row: ContentCoversTable): Promise<void> {
  await db.insertInto('content_covers').values(row).execute();
}

export async function findCover(
  db: Db,
  contentId: string,
): Promise<ContentCoversTable | undefined> {
  return db
    .selectFrom('content_covers')
    .selectAll()
    .where('content_id', '=', contentId)
    .executeTakeFirst();
}

/** The covers of a page of catalog items, by content id (absent: none). */
export async function coversOf(
  db: Db,
  contentIds: readonly string[],
): Promise<Map<string, ContentCoversTable>> {
  if (contentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('content_covers')
    .selectAll()
    .where('content_id', 'in', [...contentIds])
    .execute();
  return new Map(rows.map((row) => [row.content_id, row]));
}
