import { afterEach, describe, expect, it } from 'vitest';
import { placeQueries } from '../../../../../main/core/store/places';
import { encryptedStore, migrateTo, schemaNames } from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

const CONTENT = '00000000-0000-4000-8000-0000000000c1';

describe('store migration 9 (places)', () => {
  it('adds positions and bookmarks to a store of migration 7, which starts with none', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 8);
    expect(schemaNames(store.db, 'table')).not.toContain('positions');
    expect(migrateTo(store.db, 9)).toEqual([9]);
    expect(schemaNames(store.db, 'table')).toEqual(
      expect.arrayContaining(['positions', 'bookmarks']),
    );

    const places = placeQueries(store.db);
    expect(places.get(CONTENT)).toEqual({ position: null, bookmarks: [] });
    places.setPosition(CONTENT, '4@1.5', '2026-11-29T10:00:00.000Z');
    expect(places.get(CONTENT).position).toBe('4@1.5');
    expect(places.dirty(10).positions).toHaveLength(1);
    // The flags are checked: only 0 or 1.
    expect(() => store.db.exec(`UPDATE positions SET dirty = 2`)).toThrow(/CHECK/);
  });
});
