import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CatalogItem } from '../../shared/api/catalog';
import type { ContentKind } from '../../shared/api/common';
import type { LicenseView } from '../../shared/api/licenses';
import { contentQueries } from '../../main/core/store/contents';
import { licenseQueries } from '../../main/core/store/licenses';
import { seededRandom } from '../../server/seed/files/prose';

/**
 * A deterministic library of `count` items (same ids, titles and order for the same count), so an
 * encrypted store and its unencrypted twin hold exactly the same rows. Titles are built from a
 * small vocabulary so a prefix search matches a realistic share of the library.
 */
const WORDS = [
  'quiet',
  'shelf',
  'river',
  'winter',
  'garden',
  'harbor',
  'silver',
  'lantern',
  'mountain',
  'ocean',
  'paper',
  'atlas',
  'echo',
  'falcon',
  'meadow',
  'thunder',
  'velvet',
  'orchard',
  'compass',
  'ember',
  'glacier',
  'hollow',
  'island',
  'juniper',
  'kingdom',
  'lullaby',
  'mirror',
  'nomad',
  'opal',
  'prairie',
  'quartz',
  'raven',
  'saffron',
  'tundra',
  'umbra',
  'voyage',
  'willow',
  'zephyr',
  'beacon',
  'cinder',
  'delta',
  'fable',
  'granite',
  'horizon',
  'ivory',
  'jasmine',
  'kestrel',
  'lagoon',
  'marble',
  'nectar',
  'obsidian',
  'pilgrim',
  'quill',
  'rapids',
  'sonnet',
  'timber',
  'utopia',
  'vesper',
  'wander',
  'yonder',
  'anthem',
  'blossom',
  'canyon',
  'drift',
  'equinox',
  'feather',
  'gossamer',
  'heron',
  'indigo',
  'journey',
  'keystone',
  'lumen',
  'monsoon',
  'nebula',
  'outpost',
  'parable',
  'quiver',
  'reverie',
  'solstice',
  'tempest',
];
const NAMES = [
  'Ada',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustav',
  'Hana',
  'Ines',
  'Jonas',
  'Keiko',
  'Luca',
  'Mira',
  'Nils',
  'Olga',
  'Pavel',
  'Rosa',
  'Sven',
  'Tomas',
  'Yara',
];
const SURNAMES = [
  'Abbott',
  'Brandt',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Horvat',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Laurent',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Weber',
  'Xu',
  'Young',
  'Zimmer',
];
const KINDS: readonly ContentKind[] = ['ebook', 'audio', 'software', 'image', 'video'];

/** The same seed gives the same library (the demo seed's generator, mulberry32). */
const prng = seededRandom;

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sa',
  'tor',
  'vel',
  'an',
  'bri',
  'cos',
  'dun',
  'el',
  'fa',
  'gor',
  'hal',
  'is',
  'jor',
  'ku',
  'lin',
  'mar',
  'nor',
  'os',
  'pel',
  'qua',
  'ros',
  'sil',
  'tan',
  'ul',
  'ven',
  'wyn',
  'xi',
  'yor',
  'zel',
  'ber',
  'dra',
  'fen',
  'gil',
  'ha',
  'mor',
  'ti',
];

/**
 * The title vocabulary: the common words above plus 3,000 invented ones (two or three
 * syllables), so a typed prefix matches tens to hundreds of items, as in a real library,
 * rather than a fixed share of it.
 */
export const LIBRARY_WORDS: readonly string[] = (() => {
  const random = prng(99);
  const words = new Set<string>(WORDS);
  while (words.size < WORDS.length + 3000) {
    const n = 2 + Math.floor(random() * 2);
    words.add(
      Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''),
    );
  }
  return [...words];
})();

/** A title word: a common one 30% of the time, else one of the invented ones. */
function titleWord(random: () => number): string {
  const list = random() < 0.3 ? WORDS : LIBRARY_WORDS;
  return list[Math.floor(random() * list.length)] as string;
}

export interface LibraryRow {
  item: CatalogItem;
  license: LicenseView;
  addedAt: string;
}

export function* libraryRows(count: number, userId: string, seed = 7): Generator<LibraryRow> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const words = 2 + Math.floor(random() * 3);
    const title = Array.from({ length: words }, () => titleWord(random))
      .map((w, j) => (j === 0 ? w[0]?.toUpperCase() + w.slice(1) : w))
      .join(' ');
    const item: CatalogItem = {
      contentId: uuidFrom(random),
      productId: uuidFrom(random),
      version: 1,
      latestVersion: 1,
      title: `${title} ${i}`,
      creator: `${pick(NAMES)} ${pick(SURNAMES)}`,
      kind: pick(KINDS),
      description: 'A generated library item.',
      priceCents: 100 + Math.floor(random() * 5000),
      file: { sha256: '0'.repeat(64), size: 1000 + Math.floor(random() * 1e6), mime: 'text/plain' },
      publishedAt: new Date(base).toISOString(),
      returnPolicy: null,
    };
    const addedAt = new Date(base + i * 60_000).toISOString();
    const licenseId = uuidFrom(random);
    const purchaseId = uuidFrom(random);
    const license: LicenseView = {
      licenseId,
      purchaseId,
      issuedAt: addedAt,
      returnDeadline: null,
      upgradedFromReturnId: null,
      // Never verified by the library queries; a real signature is not needed to list items.
      signed: {
        document: {
          v: 1,
          licenseId,
          userId,
          contentId: item.contentId,
          productId: item.productId,
          version: 1,
          purchaseId,
          issuedAt: addedAt,
          keyId: 'bench',
        },
        signature: 'A'.repeat(86),
      },
      content: item,
    };
    yield { item, license, addedAt };
  }
}

/**
 * Fills a store (encrypted or not) through the core's own content and license queries, in
 * transactions of 5,000 rows.
 */
export function seedLibrary(db: Database, count: number, userId: string): void {
  const contents = contentQueries(db);
  const licenses = licenseQueries(db);
  let batch: LibraryRow[] = [];
  const flush = db.transaction((rows: LibraryRow[]) => {
    for (const row of rows) {
      contents.upsert(row.item, row.addedAt);
      licenses.insert(row.license);
    }
  });
  for (const row of libraryRows(count, userId)) {
    batch.push(row);
    if (batch.length === 5000) {
      flush.immediate(batch);
      batch = [];
    }
  }
  if (batch.length) flush.immediate(batch);
}
