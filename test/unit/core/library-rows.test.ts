import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/api/catalog';
import type { ContentKind } from '../../../shared/api/common';
import type { LicenseView } from '../../../shared/api/licenses';
import { libraryListInputSchema } from '../../../shared/ipc/library';
import { contentQueries } from '../../../main/core/store/contents';
import { libraryQueries } from '../../../main/core/store/library-queries';
import { licenseQueries } from '../../../main/core/store/licenses';
import { runMigrations } from '../../../main/core/store/migrations';
import { MIGRATIONS } from '../../../main/core/store/migrations/index';
import { sampleCatalogItem, sampleLicenseView } from '../../fixtures/contract-samples';
import { registerSortKey } from '../../../main/core/store/sort-key';

/** A small deterministic generator, so a failure names a step that can be replayed. */
function prng(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

const KINDS: ContentKind[] = ['ebook', 'audio', 'video'];
// Titles equal but for case: the list's key sorts them with NOCASE, ties broken by id.
const TITLES = ['Amber', 'amber', 'AMBER', 'Birch', 'cobalt', 'Dune'];

/** What the list shows, computed from the source tables (migration 10's columns). */
const LISTED = `SELECT c.title_key, c.kind, c.downloaded, c.id, c.content_id, c.product_id,
    l.license_id, c.title, c.creator, c.creator_key, c.added_at, c.version, l.issued_at,
    c.price_cents, l.return_deadline, c.latest_version, c.mime, c.size, l.state, c.has_cover,
    c.tags,
    l.last_error_code, l.last_error_message
  FROM contents c JOIN licenses l ON l.content_id = c.content_id
 WHERE l.state <> 'confirmed' ORDER BY c.id`;
const COUNTED = `SELECT c.kind, count(*) AS total, sum(c.downloaded) AS downloaded
  FROM contents c JOIN licenses l ON l.content_id = c.content_id
 WHERE l.state <> 'confirmed' GROUP BY c.kind ORDER BY c.kind`;

describe('library rows kept by triggers', () => {
  // 3,000 checked steps: about 2 s alone, far more on a machine busy with other suites.
  it('always equal what contents and licenses say, through every store write', () => {
    const db = new Database(':memory:');
    registerSortKey(db);
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS);
    const contents = contentQueries(db);
    const licenses = licenseQueries(db);
    const library = libraryQueries(db);
    const random = prng(11);
    const items: CatalogItem[] = Array.from({ length: 16 }, (_, i) =>
      sampleCatalogItem({ kind: KINDS[i % 3], title: TITLES[i % 6] }),
    );
    const views = new Map<string, LicenseView>();
    const licenseOf = (item: CatalogItem) => licenses.getByContent(item.contentId);

    const steps: Array<(item: CatalogItem) => void> = [
      // bought (again): content upserted with a new title, a new license replaces a stale one
      (item) => {
        const stale = licenseOf(item);
        if (stale) licenses.delete(stale.licenseId);
        contents.upsert({ ...item, title: TITLES[random(6)] as string }, `2026-0${random(9) + 1}`);
        const view = sampleLicenseView(item);
        views.set(item.contentId, view);
        licenses.insert(view);
      },
      (item) => {
        const license = licenseOf(item);
        if (license) licenses.markReturnPending(license.licenseId, 'buyback');
      },
      (item) => {
        const license = licenseOf(item);
        const reason = random(2) ? { code: 'RETURN_WINDOW_CLOSED' as const, message: 'm' } : null;
        if (license) licenses.backToActive(license.licenseId, reason);
      },
      (item) => {
        const license = licenseOf(item);
        if (license) licenses.markConfirmed(license.licenseId);
      },
      (item) => {
        const license = licenseOf(item);
        if (license) licenses.delete(license.licenseId);
        if (random(2)) contents.delete(item.contentId);
      },
      (item) => {
        if (contents.get(item.contentId)) {
          contents.setVault(item.contentId, `${item.contentId}.vault`, Buffer.alloc(32), 'now');
        }
      },
      // a catalog refresh: same content, new title and latest version
      (item) => {
        if (contents.get(item.contentId)) {
          contents.upsert(
            { ...item, title: TITLES[random(6)] as string, latestVersion: random(5) + 1 },
            'later',
          );
        }
      },
      // the same license again (a pull that repeats itself): nothing changes
      (item) => {
        const view = views.get(item.contentId);
        if (view && contents.get(item.contentId)) licenses.insert(view);
      },
      // no flow leaves 'confirmed', but the rows must follow if one did
      (item) => {
        db.prepare(
          `UPDATE licenses SET state = 'active' WHERE content_id = ? AND state = 'confirmed'`,
        ).run(item.contentId);
      },
    ];

    for (let step = 0; step < 3000; step++) {
      const item = items[random(items.length)] as CatalogItem;
      const op = random(steps.length);
      try {
        db.transaction(() => steps[op]?.(item))();
      } catch (error) {
        // A license whose content was deleted: the store refuses it, and must stay consistent.
        if (!/FOREIGN KEY/.test(String(error))) throw error;
      }
      const listed = db.prepare(LISTED).all();
      const context = `step ${step}, operation ${op}`;
      expect(db.prepare('SELECT * FROM library_rows ORDER BY id').all(), context).toEqual(listed);
      expect(
        db
          .prepare(
            'SELECT kind, total, downloaded FROM library_counts WHERE total > 0 ORDER BY kind',
          )
          .all(),
        context,
      ).toEqual(db.prepare(COUNTED).all());
      expect(library.list(libraryListInputSchema.parse({ limit: 500 })).total, context).toBe(
        listed.length,
      );
    }
    db.close();
  }, 60_000);
});
