import type { Db } from './database';
import type { LicensesTable } from './schema';
import type { CatalogRow } from './contents';
import { catalogColumns } from './contents';
import { isPostgres, precompiled } from './precompiled';

export type LicenseRow = LicensesTable;

/** A license with its content's catalog row (license columns prefixed `l_`). */
export interface LicenseWithContent extends CatalogRow {
  l_id: string;
  l_user_id: string;
  l_purchase_id: string;
  l_issued_at: string;
  l_return_deadline: string | null;
  l_upgraded_from_return_id: string | null;
  l_signed_json: string;
}

const licenseColumns = [
  'l.id as l_id',
  'l.user_id as l_user_id',
  'l.purchase_id as l_purchase_id',
  'l.issued_at as l_issued_at',
  'l.return_deadline as l_return_deadline',
  'l.upgraded_from_return_id as l_upgraded_from_return_id',
  'l.signed_json as l_signed_json',
] as const;

/** Licenses with their content, product and return policy, the aliases catalogColumns names. */
function licensesWithCatalog(db: Db) {
  return db
    .selectFrom('licenses as l')
    .innerJoin('contents as c', 'c.id', 'l.content_id')
    .innerJoin('products as p', 'p.id', 'c.product_id')
    .leftJoin('return_policies as rp', 'rp.product_id', 'c.product_id');
}

function selectLicenses(db: Db) {
  return licensesWithCatalog(db).select(catalogColumns).select(licenseColumns);
}

export function listLicenses(db: Db, userId: string): Promise<LicenseWithContent[]> {
  return selectLicenses(db)
    .where('l.user_id', '=', userId)
    .orderBy('l.issued_at', 'desc')
    .orderBy('l.id')
    .execute();
}

/** The ids of every license the user holds: what an offline lease lists. */
export async function listLicenseIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('licenses').select('id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.id);
}

/**
 * The catalog columns no return or quote reads (what the catalog and a download show): left out
 * of their read, whose every column PostgreSQL sends and node-postgres parses into each row.
 */
const NOT_READ_FOR_RETURN = [
  'c.creator',
  'c.kind',
  'c.description',
  'c.price_cents',
  'c.sha256',
  'c.size',
  'c.mime',
  'c.published_at',
] as const;
type NotReadForReturn = (typeof NOT_READ_FOR_RETURN)[number] extends `c.${infer C}` ? C : never;
type CatalogColumn = (typeof catalogColumns)[number];

/** The rest of the catalog row, the return policy's columns included whatever the kinds add. */
const returnCatalogColumns = catalogColumns.filter(
  (column): column is Exclude<CatalogColumn, (typeof NOT_READ_FOR_RETURN)[number]> =>
    !(NOT_READ_FOR_RETURN as readonly string[]).includes(column),
);

/** A license row plus what a return is priced from: what its purchase transaction paid. */
export interface LicenseForReturn extends Omit<LicenseWithContent, NotReadForReturn> {
  paid_cents: number;
  /** The owner's balance and last event sequence, stable while the lock is held. */
  user_balance: number;
  /**
   * The points the owner's waiting orders hold (migration 0015), which the balance cap counts:
   * read here so the return's check costs no query.
   */
  user_points_held: number;
  user_event_seq: number;
  /**
   * The owner's places revision: 0 until the user's first places push (the only writer of
   * places), so the user has none; while it is unchanged, no push committed since the read
   * (return-writes.ts).
   */
  user_places_rev: number;
}

/**
 * Step 1 of a return: reads the caller's license and locks its row and the user's
 * (`FOR UPDATE OF l, u` on PostgreSQL; SQLite already holds the database write lock). A racing
 * return waits here and then finds the row gone; the user's balance and event sequence read
 * here stay valid until commit, so the writes can be computed up front.
 */
function selectForReturn(db: Db, a: ReturnLookup) {
  return licensesWithCatalog(db)
    .select(returnCatalogColumns)
    .select(licenseColumns)
    .innerJoin('purchases as pu', 'pu.id', 'l.purchase_id')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select((eb) => [
      eb('pu.money_paid_cents', '+', eb.ref('pu.points_used')).as('paid_cents'),
      'u.balance as user_balance',
      'u.points_held as user_points_held',
      'u.event_seq as user_event_seq',
      'u.places_rev as user_places_rev',
    ])
    .where('l.id', '=', a.licenseId)
    .where('l.user_id', '=', a.userId);
}

interface ReturnLookup {
  userId: string;
  licenseId: string;
}

// The return path's first query, compiled once per engine (the widest query it runs).
const readForReturn = precompiled(selectForReturn);
const lockForReturn = precompiled((db, a: ReturnLookup) =>
  // Every return locks the same two rows with this one query, so the lock order is always the
  // same; purchases and logins lock only the user row.
  selectForReturn(db, a).$if(isPostgres(db), (q) => q.forUpdate(['l', 'u'])),
);

export async function lockLicenseForReturn(
  db: Db,
  userId: string,
  licenseId: string,
  options: { lock: boolean } = { lock: true },
): Promise<LicenseForReturn | undefined> {
  const result = await (options.lock ? lockForReturn : readForReturn)(db, { userId, licenseId });
  return result.rows[0];
}

export async function holdsContent(db: Db, userId: string, contentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('licenses')
    .select('id')
    .where('user_id', '=', userId)
    .where('content_id', '=', contentId)
    .executeTakeFirst();
  return row !== undefined;
}

const insertLicenseRow = precompiled((db, row: LicenseRow) =>
  db.insertInto('licenses').values(row),
);
const deleteLicenseRow = precompiled((db, a: { id: string }) =>
  db.deleteFrom('licenses').where('id', '=', a.id),
);

export async function insertLicense(db: Db, row: LicenseRow): Promise<void> {
  await insertLicenseRow(db, row);
}

export async function deleteLicense(db: Db, licenseId: string): Promise<void> {
  await deleteLicenseRow(db, { id: licenseId });
}
