import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryListInputSchema } from '../../../../shared/ipc/library';
import { openStore, type Store } from '../../../../main/core/store/store';
import { sampleCatalogItem } from '../../../fixtures/contract-samples';
import {
  licenseSigner,
  signedLicenseView,
  tempDir,
  throwawayKey,
} from '../../../fixtures/core-fixtures';

let store: Store;
const dir = tempDir();

beforeAll(async () => {
  store = await openStore(dir.path, throwawayKey().provider);
});
afterAll(() => {
  store.close();
  dir.remove();
});

describe('content upsert', () => {
  it('writes nothing for a content seen again unchanged, and every change otherwise', () => {
    const item = sampleCatalogItem({ title: 'The Quiet Shelf', creator: 'Ada Abbott' });
    const view = signedLicenseView(licenseSigner(), randomUUID(), item);
    store.transaction(() => {
      store.contents.upsert(view.content, '2026-01-01T00:00:00.000Z');
      store.licenses.insert(view);
    });
    // Rows written by the statement and by the triggers it fires (FTS, library row).
    const changes = store.db.prepare<[], number>('SELECT total_changes()').pluck();
    const written = (write: () => void) => {
      const before = changes.get() ?? 0;
      write();
      return (changes.get() ?? 0) - before;
    };
    expect(written(() => store.contents.upsert(item, '2027-01-01T00:00:00.000Z'))).toBe(0);
    expect(store.contents.get(item.contentId)?.addedAt).toBe('2026-01-01T00:00:00.000Z');

    expect(
      written(() => store.contents.upsert({ ...item, title: 'A Louder Shelf' }, 'later')),
    ).toBeGreaterThan(0);
    const search = (query: string) =>
      store.library.list(libraryListInputSchema.parse({ query, limit: 5 })).items;
    expect(search('louder').map((i) => i.title)).toEqual(['A Louder Shelf']);
    expect(search('quiet')).toEqual([]);
    for (const change of [
      { creator: 'Bruno Brandt' },
      { description: 'Another text.' },
      { latestVersion: item.latestVersion + 1 },
      { returnPolicy: null },
    ]) {
      expect(written(() => store.contents.upsert({ ...item, ...change }, 'later'))).toBeGreaterThan(
        0,
      );
    }
    expect(store.contents.get(item.contentId)).toMatchObject({
      title: 'The Quiet Shelf',
      creator: 'Ada Abbott',
      description: item.description,
      latestVersion: item.latestVersion,
      returnPolicy: null,
    });
  });
});
