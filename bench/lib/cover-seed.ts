import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { envKeyProvider } from '../../main/core/key-provider';
import { openStore } from '../../main/core/store/store';
import { DEFAULT_LIBRARY_VIEW } from '../../shared/ipc/library-view-default';
import { Vault } from '../../main/core/vault/vault';
import { encodePng } from '../../server/seed/cover-image';
import { seededRandom } from '../../server/seed/files/prose';

/** A cover as a store's catalog sends one: 240 × 360, about 125 KB (a photo-like grain). */
const WIDTH = 240;
const HEIGHT = 360;
/** The grain's amplitude: what keeps the PNG from compressing to a few KB as flat colour would. */
const GRAIN = 4;

function grainyCover(seed: number): Buffer {
  const random = seededRandom(seed);
  const base = [60 + (seed % 7) * 20, 80 + (seed % 5) * 25, 100 + (seed % 3) * 40];
  const rgb = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let i = 0; i < rgb.length; i++) {
    const x = Math.floor(i / 3) % WIDTH;
    const value = (base[i % 3] ?? 0) + x / 4 + (random() - 0.5) * GRAIN;
    rgb[i] = Math.max(0, Math.min(255, Math.round(value)));
  }
  return encodePng(WIDTH, HEIGHT, rgb);
}

/**
 * Gives a cover, as a catalog cover the app fetched (docs/design.md §12.4: its own vault file, its
 * own key), to every item on the first `perScreen` places of the screens typing `word` shows: the
 * empty box's and each prefix's, in the library's default order. Each cover is distinct, so no
 * two cards share a decoded image. Returns how many items got one and their mean size in bytes.
 */
export async function seedScreenCovers(
  dataDir: string,
  storeKey: string,
  word: string,
  perScreen: number,
): Promise<{ covers: number; meanBytes: number }> {
  const store = await openStore(dataDir, envKeyProvider({ SHELF_STORE_KEY: storeKey }));
  const vault = new Vault(dataDir);
  try {
    const ids = new Set<string>();
    for (let typed = 0; typed <= word.length; typed++) {
      const query = word.slice(0, typed);
      const page = store.library.list({
        ...(query ? { query } : {}),
        sort: DEFAULT_LIBRARY_VIEW.sort,
        direction: DEFAULT_LIBRARY_VIEW.direction,
        offset: 0,
        limit: perScreen,
      });
      for (const item of page.items) ids.add(item.contentId);
    }
    let bytes = 0;
    let seed = 0;
    for (const contentId of ids) {
      const png = grainyCover(++seed);
      bytes += png.length;
      const stored = await vault.write(Readable.from([png]), {
        sha256: createHash('sha256').update(png).digest('hex'),
        size: png.length,
      });
      if (!store.covers.setCatalog(contentId, { ...stored, mime: 'image/png' })) {
        throw new Error(`the bench's library item ${contentId} had a cover already`);
      }
    }
    return { covers: ids.size, meanBytes: ids.size ? bytes / ids.size : 0 };
  } finally {
    store.close();
  }
}
