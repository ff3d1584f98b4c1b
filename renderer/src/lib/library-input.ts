import type { LibraryListInput } from '../../../shared/ipc/library';
import { parseLibraryQuery, type ParsedLibraryQuery } from '../../../shared/ipc/library-query';

type Filters = Omit<LibraryListInput, 'offset' | 'limit'>;

/**
 * What the library screen asks the core for: the search box (with its `creator:`, `kind:` and
 * `tag:` field queries) over the toolbar's filters, in the view's sort. One function, so the
 * request sent from the search box's handler and the one the list renders with are the same key.
 */
export function libraryInput(
  query: string,
  view: Pick<Filters, 'sort' | 'direction'>,
  filters: Pick<Filters, 'kind' | 'state' | 'tag'>,
): { parsed: ParsedLibraryQuery; input: Filters } {
  const parsed = parseLibraryQuery(query);
  const kind = parsed.kind ?? filters.kind;
  const tag = parsed.tag ?? filters.tag;
  return {
    parsed,
    input: {
      sort: view.sort,
      direction: view.direction,
      ...(parsed.text ? { query: parsed.text } : {}),
      ...(parsed.creator ? { creator: parsed.creator } : {}),
      ...(kind ? { kind } : {}),
      ...(filters.state ? { state: filters.state } : {}),
      ...(tag ? { tag } : {}),
    },
  };
}

/** A letter or a digit at the end: what the store's search index's words are mostly made of. */
const WORD_END = /[\p{L}\p{N}]$/u;

/**
 * Whether `text` ends in a letter or digit. ASCII, the common case, by its code: V8 compiles a
 * Unicode-class regex on its first runs (about 0.3 ms, then again as it tiers up), and this runs
 * in the handler of every keystroke (bench/findings.md, keystroke, nineteenth pass).
 */
function endsInWordCharacter(text: string): boolean {
  if (text.length === 0) return false;
  const code = text.charCodeAt(text.length - 1);
  if (code < 0x80) {
    const lower = code | 0x20;
    return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
  }
  return WORD_END.test(text);
}

/**
 * Whether a character typed at the end of the box only extends the free text's last word: then
 * the queries it can give are asked ahead (design §12.1). Not after a space (a new word), nor
 * inside a field query (`creator:ad` goes on as the creator). `text` is the free text of `query`
 * (libraryInput's `input.query`, which the caller has already).
 */
export function extendsLastWord(query: string, text: string | undefined): boolean {
  return (
    text !== undefined &&
    endsInWordCharacter(text) &&
    parseLibraryQuery(query + 'a').text === text + 'a'
  );
}
