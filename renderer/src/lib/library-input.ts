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

/**
 * Whether a character typed at the end of the box only extends the free text's last word: then
 * the queries it can give are asked ahead (design §12.1). Not after a space (a new word), nor
 * inside a field query (`creator:ad` goes on as the creator).
 */
export function extendsLastWord(
  query: string,
  view: Pick<Filters, 'sort' | 'direction'>,
  filters: Pick<Filters, 'kind' | 'state' | 'tag'>,
): boolean {
  const text = libraryInput(query, view, filters).input.query;
  return (
    text !== undefined &&
    /[\p{L}\p{N}]$/u.test(text) &&
    libraryInput(query + 'a', view, filters).input.query === text + 'a'
  );
}
