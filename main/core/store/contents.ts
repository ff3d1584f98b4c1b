import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CatalogItem } from '../../../shared/api/catalog';

export interface ContentRow {
  contentId: string;
  productId: string;
  version: number;
  latestVersion: number;
  title: string;
  creator: string;
  kind: CatalogItem['kind'];
  description: string;
  priceCents: number;
  mime: string;
  size: number;
  sha256: string;
  /** JSON of the return policy at the time the license arrived; null = none. */
  returnPolicy: string | null;
  addedAt: string;
  vaultFile: string | null;
  vaultKey: Buffer | null;
  downloadedAt: string | null;
}

const COLUMNS = `content_id AS contentId, product_id AS productId, version, latest_version AS latestVersion,
  title, creator, kind, description, price_cents AS priceCents, mime, size, sha256,
  return_policy AS returnPolicy, added_at AS addedAt, vault_file AS vaultFile, vault_key AS vaultKey,
  downloaded_at AS downloadedAt`;

export function contentQueries(db: Database) {
  const select = db.prepare<[string], ContentRow>(
    `SELECT ${COLUMNS} FROM contents WHERE content_id = ?`,
  );
  const upsert = db.prepare(
    `INSERT INTO contents (content_id, product_id, version, latest_version, title, creator, kind,
       description, price_cents, mime, size, sha256, return_policy, added_at)
     VALUES (@contentId, @productId, @version, @latestVersion, @title, @creator, @kind,
       @description, @priceCents, @mime, @size, @sha256, @returnPolicy, @addedAt)
     ON CONFLICT (content_id) DO UPDATE SET latest_version = excluded.latest_version,
       title = excluded.title, creator = excluded.creator, description = excluded.description,
       return_policy = excluded.return_policy
     -- A content seen again unchanged is not written: an update fires the full-text index's
     -- delete and insert and the library row's trigger (with its sort keys) for nothing.
     WHERE latest_version IS NOT excluded.latest_version OR title IS NOT excluded.title
        OR creator IS NOT excluded.creator OR description IS NOT excluded.description
        OR return_policy IS NOT excluded.return_policy`,
  );
  const setVault = db.prepare(
    'UPDATE contents SET vault_file = ?, vault_key = ?, downloaded_at = ? WHERE content_id = ?',
  );
  const vaultFile = db
    .prepare<[string], string | null>('SELECT vault_file FROM contents WHERE content_id = ?')
    .pluck();
  const clearVault = db.prepare(
    `UPDATE contents SET vault_file = NULL, vault_key = NULL, downloaded_at = NULL
      WHERE content_id = ?`,
  );
  const remove = db.prepare('DELETE FROM contents WHERE content_id = ?');
  const vaultFiles = db
    .prepare<[], string>('SELECT vault_file FROM contents WHERE vault_file IS NOT NULL')
    .pluck();
  const bumpLatest = db.prepare(
    'UPDATE contents SET latest_version = ? WHERE product_id = ? AND latest_version < ?',
  );

  return {
    get(contentId: string): ContentRow | undefined {
      return select.get(contentId);
    },
    upsert(item: CatalogItem, addedAt: string): void {
      upsert.run({
        contentId: item.contentId,
        productId: item.productId,
        version: item.version,
        latestVersion: item.latestVersion,
        title: item.title,
        creator: item.creator,
        kind: item.kind,
        description: item.description,
        priceCents: item.priceCents,
        mime: item.file.mime,
        size: item.file.size,
        sha256: item.file.sha256,
        returnPolicy: item.returnPolicy ? JSON.stringify(item.returnPolicy) : null,
        addedAt,
      });
      // A newer version arriving means the older ones of the product are no longer the latest.
      bumpLatest.run(item.latestVersion, item.productId, item.latestVersion);
    },
    setVault(contentId: string, vaultFile: string, vaultKey: Buffer, at: string): void {
      setVault.run(vaultFile, vaultKey, at, contentId);
    },
    /** Forgets the content's local copy; returns the vault file to delete, if it had one. */
    clearVault(contentId: string): string | undefined {
      const file = vaultFile.get(contentId);
      if (!file) return undefined;
      clearVault.run(contentId);
      return file;
    },
    delete(contentId: string): void {
      remove.run(contentId);
    },
    /** Every vault file a row owns: the rest of the vault folder is garbage. */
    vaultFiles(): Set<string> {
      return new Set(vaultFiles.all());
    },
  };
}
