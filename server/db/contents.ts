import type { Db } from './database';
import { precompiled } from './precompiled';
import type { ContentsTable, ReturnPoliciesTable } from './schema';

export type ContentRow = ContentsTable;
export type PolicyRow = Omit<ReturnPoliciesTable, 'updated_at'>;

/** A content with what its catalog entry needs: the product's newest version and its policy. */
export interface CatalogRow extends ContentRow {
  latest_version: number;
  latest_content_id: string;
  policy_product_id: string | null;
  window_days: number | null;
  buyback_rate_pct: number | null;
  trade_in_type: string | null;
  trade_in_rate_pct: number | null;
  limit_per_30_days: number | null;
}

/** The columns of a CatalogRow over `contents as c`, `products as p`, `return_policies as rp`. */
export const catalogColumns = [
  'c.id',
  'c.product_id',
  'c.version',
  'c.title',
  'c.creator',
  'c.kind',
  'c.description',
  'c.price_cents',
  'c.sha256',
  'c.size',
  'c.mime',
  'c.published_at',
  'p.latest_version',
  'p.latest_content_id',
  'rp.product_id as policy_product_id',
  'rp.window_days',
  'rp.buyback_rate_pct',
  'rp.trade_in_type',
  'rp.trade_in_rate_pct',
  'rp.limit_per_30_days',
] as const;

/** contents ⋈ products ⟕ return_policies, selecting a CatalogRow. */
export function selectCatalog(db: Db) {
  return db
    .selectFrom('contents as c')
    .innerJoin('products as p', 'p.id', 'c.product_id')
    .leftJoin('return_policies as rp', 'rp.product_id', 'c.product_id')
    .select(catalogColumns);
}

const catalogRowById = precompiled((db, a: { id: string }) =>
  selectCatalog(db).where('c.id', '=', a.id),
);

export async function findCatalogRow(db: Db, contentId: string): Promise<CatalogRow | undefined> {
  return (await catalogRowById(db, { id: contentId })).rows[0];
}

export interface CatalogFilter {
  q?: string | undefined;
  kind?: string | undefined;
  latestOnly: boolean;
  /** Keyset: items strictly after this (published_at, id) in newest-first order. */
  after?: readonly [string, string] | undefined;
  limit: number;
}

/** Escapes LIKE wildcards so a search for `50%` means the text, not a pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

export function listCatalog(db: Db, filter: CatalogFilter): Promise<CatalogRow[]> {
  let query = selectCatalog(db);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['c.title']), 'like', eb.val(pattern)),
        eb(eb.fn('lower', ['c.creator']), 'like', eb.val(pattern)),
      ]),
    );
  }
  if (filter.kind) query = query.where('c.kind', '=', filter.kind);
  if (filter.latestOnly) query = query.whereRef('c.version', '=', 'p.latest_version');
  if (filter.after) {
    const [publishedAt, id] = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('c.published_at', '<', publishedAt),
        eb.and([eb('c.published_at', '=', publishedAt), eb('c.id', '<', id)]),
      ]),
    );
  }
  return query
    .orderBy('c.published_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export function findProduct(db: Db, productId: string) {
  return db.selectFrom('products').selectAll().where('id', '=', productId).executeTakeFirst();
}

export async function insertProduct(
  db: Db,
  id: string,
  contentId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('products')
    .values({ id, latest_version: 1, latest_content_id: contentId, created_at: at })
    .execute();
}

export async function setLatestVersion(
  db: Db,
  productId: string,
  version: number,
  contentId: string,
): Promise<void> {
  await db
    .updateTable('products')
    .set({ latest_version: version, latest_content_id: contentId })
    .where('id', '=', productId)
    .execute();
}

export async function insertContent(db: Db, row: ContentRow): Promise<void> {
  await db.insertInto('contents').values(row).execute();
}

export async function upsertPolicy(db: Db, row: PolicyRow, at: string): Promise<void> {
  const { product_id: _id, ...rest } = row;
  await db
    .insertInto('return_policies')
    .values({ ...row, updated_at: at })
    .onConflict((oc) => oc.column('product_id').doUpdateSet({ ...rest, updated_at: at }))
    .execute();
}
