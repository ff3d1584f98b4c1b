import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/**
 * The search index's own terms (an fts5vocab table over contents_fts, in the connection's temp
 * schema: nothing is stored, so no migration), read by range: the first term at or after a
 * string is one B-tree descent of the index's term list.
 */
const CREATE_TERMS = `CREATE VIRTUAL TABLE IF NOT EXISTS temp.contents_fts_terms
  USING fts5vocab(main, contents_fts, 'row')`;
const FIRST_TERM_FROM = `SELECT term FROM temp.contents_fts_terms
  WHERE term >= @from AND term < @to ORDER BY term LIMIT 1`;

/** Past every character a term can hold: the upper bound of a prefix's range. */
const LAST = String.fromCodePoint(0x10ffff);

/**
 * A word as the index's tokenizer (unicode61, remove_diacritics 2) keeps it: case and accents
 * folded. Where this folds a letter otherwise than the tokenizer, a prefix finds fewer next
 * characters (fewer answers ahead), never a wrong answer: the answers are the list's own.
 */
export function foldWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function libraryTerms(db: Database) {
  let first: Statement<{ from: string; to: string }, string> | null = null;
  const firstTerm = (from: string, to: string): string | undefined => {
    if (!first) {
      db.exec(CREATE_TERMS);
      first = db.prepare<{ from: string; to: string }, string>(FIRST_TERM_FROM).pluck();
    }
    return first.get({ from, to });
  };
  return {
    /**
     * The characters that follow `prefix` (folded) in some term of the index, in order, at most
     * `max`: one range read per character found (skipping each character's terms), not a
     * walk of every term under the prefix.
     */
    nextChars(prefix: string, max: number): string[] {
      const chars: string[] = [];
      const to = prefix + LAST;
      let from = prefix;
      while (chars.length < max) {
        const term = firstTerm(from, to);
        if (term === undefined) break;
        const next = term.slice(prefix.length).codePointAt(0);
        if (next === undefined) {
          // The prefix is a whole term itself: its longer terms come after it.
          from = prefix + '\u0000';
          continue;
        }
        chars.push(String.fromCodePoint(next));
        from = prefix + String.fromCodePoint(next + 1);
      }
      return chars;
    },
  };
}
