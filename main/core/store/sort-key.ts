import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Leading articles a title is filed without ("The Quiet Shelf" under Q), in a few languages. */
const ARTICLES =
  /^(?:(?:the|an?|le|la|les|el|los|las|il|lo|gli|der|die|das|ein|eine|het|een)\s+|l'\s*)/u;
/** Letters that accent folding (NFKD) leaves alone but a reader files under plain letters. */
const FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const DIGITS_MAX = 99;

/**
 * The key the library sorts a text by, compared byte for byte (SQLite's BINARY): case and
 * accents folded (Émile with emile), punctuation ignored, numbers compared by value ("Book 2"
 * before "Book 10": each run of digits is written as its length, two digits, then the digits
 * without leading zeros) and, for titles, a leading article dropped. SQLite has no ICU collation
 * in this build, and better-sqlite3 cannot register one, so the order is carried by this key
 * (docs/design.md §12.1). Changing it changes stored keys: it needs a library rows rebuild.
 */
export function sortKey(text: string, dropArticle: boolean): string {
  let key = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/gu, (letter) => FOLDS[letter] ?? letter)
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
  if (dropArticle) {
    const rest = key.replace(ARTICLES, '');
    // A title that is only an article ("The") keeps it.
    if (rest.length > 0) key = rest;
  }
  return key.replace(/'/g, '').replace(/\p{Nd}+/gu, (digits) => {
    const value = digits.replace(/^0+(?=.)/u, '');
    return String(Math.min(value.length, DIGITS_MAX)).padStart(2, '0') + value;
  });
}

/**
 * `shelf_sort_key(text, drop_article)` for the store's generated key columns (migration 10). Every
 * connection to the store registers it before its first statement: the schema refers to it.
 */
export function registerSortKey(db: Database): void {
  db.function('shelf_sort_key', { deterministic: true }, (text: unknown, dropArticle: unknown) =>
    sortKey(typeof text === 'string' ? text : String(text ?? ''), dropArticle === 1),
  );
}
