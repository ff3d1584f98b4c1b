import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import type { libraryListInputSchema } from '../../../shared/ipc/library';
import { LIBRARY_QUERY_MAX } from '../../../shared/ipc/library-list';
import {
  LIBRARY_PREFETCH_FIRST_ITEMS,
  LIBRARY_PREFETCH_ITEMS,
  LIBRARY_PREFETCH_QUERIES,
  type LibraryPrefetch,
  type libraryPrefetchInputSchema,
} from '../../../shared/ipc/library-prefetch';
import type { Store } from '../store/store';
import { foldWord } from '../store/library-terms';

type PrefetchInput = z.infer<typeof libraryPrefetchInputSchema>;
type ListInput = z.infer<typeof libraryListInputSchema>;
type Library = Store['library'];
/** A list's filters and sort: everything of its input but the query, offset and limit. */
export type ScreenFilters = Omit<ListInput, 'query' | 'offset' | 'limit'>;

/** The query's last word, when the query ends in it (a character typed next extends it). */
const LAST_WORD = /[\p{L}\p{N}]+$/u;

/**
 * Items per screen the start's first-character screens are read with (`warmFirstChars`): a
 * screen of up to this many is cut from them (offset 0, one order: its first items are the same).
 * A window shows 15–50 cards or rows.
 */
export const FIRST_CHARS_LIMIT = 50;

/** The filters' identity: every field of the input but the query, offset and limit, by name. */
function filtersKey(input: ScreenFilters & { query?: string; limit?: number; offset?: number }) {
  const fields = Object.entries(input)
    .filter(([name, value]) => !['query', 'limit', 'offset'].includes(name) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(fields);
}

/** The most screens one answer holds for screens of `limit` items (`first`: the empty box's). */
const screensFor = (limit: number, first: boolean) =>
  Math.min(
    LIBRARY_PREFETCH_QUERIES,
    Math.floor((first ? LIBRARY_PREFETCH_FIRST_ITEMS : LIBRARY_PREFETCH_ITEMS) / limit),
  );

/**
 * The search box's type-ahead (docs/design.md §12.1): for a typed query, the first screen of each
 * query one more character gives, for the characters that continue its last word in some term of
 * the index. Each screen is the list's own answer (`library.list` with offset 0), so a screen
 * shown from it is exactly what asking would have shown at that moment.
 *
 * Low priority: one screen per turn of the event loop, so a list call that comes meanwhile (the
 * next keystroke's, a scroll's) is answered before the next screen; and a newer prefetch ends an
 * older one, which answers with the screens it has (the keystroke it was for is gone). At most
 * LIBRARY_PREFETCH_QUERIES screens and LIBRARY_PREFETCH_ITEMS items in one answer.
 *
 * The empty box (the first character typed) is answered only from the screens `warmFirstChars`
 * read in the background at the start, in the saved view's sort, or waits for that read when it
 * is under way: they are the costliest screens (a one-character prefix matches a good part of a
 * large library), too costly to read again at every ask or library change. `forget` (every
 * `library.changed`: the screens hold whole rows, and some of their columns change without a new
 * library version) drops them; the empty box is then answered with none until the next start
 * (bench/findings.md, keystroke, twelfth pass).
 */
export function libraryPrefetcher(library: () => Library) {
  let newest = 0;
  /** Moved by `forget`: a read begun before it keeps nothing. */
  let generation = 0;
  /** The first-character screens read ahead, of one library at one version. */
  let firstChars: {
    library: Library;
    version: number;
    filters: string;
    answers: LibraryPrefetch['answers'];
  } | null = null;
  /** The read of them under way, for its filters. */
  let warming: { filters: string; done: Promise<void> } | null = null;

  /**
   * The screens of `chars` appended to `query`, one per turn, until `stillWanted` says no or the
   * library is written (every screen of one answer is of one library): those read by then, and
   * whether that was all of them.
   */
  const screensOf = async (
    input: ScreenFilters & { query: string; limit: number },
    chars: readonly string[],
    stillWanted: () => boolean,
  ): Promise<{ answers: LibraryPrefetch['answers']; whole: boolean }> => {
    const answers: LibraryPrefetch['answers'] = [];
    const lib = library();
    const version = lib.version();
    for (const char of chars) {
      // Yields first: the keystroke's own list call, sent just before this, goes first.
      await nextTurn();
      if (!stillWanted() || library() !== lib || lib.version() !== version)
        return { answers, whole: false };
      const query = input.query + char;
      const asked: ListInput = { ...input, query, offset: 0 };
      answers.push({ query, page: lib.list(asked, false) });
    }
    return { answers, whole: true };
  };

  /** The kept first-character screens for `input`, cut to its limit; none when they don't hold. */
  const keptFirstChars = (input: PrefetchInput): LibraryPrefetch => {
    const lib = library();
    if (
      !firstChars ||
      firstChars.library !== lib ||
      firstChars.version !== lib.version() ||
      firstChars.filters !== filtersKey(input) ||
      input.limit > FIRST_CHARS_LIMIT
    )
      return { answers: [] };
    return {
      answers: firstChars.answers
        .slice(0, screensFor(input.limit, true))
        .map(({ query, page }) => ({
          query,
          page: { ...page, items: page.items.slice(0, input.limit) },
        })),
    };
  };

  const prefetch = async (input: PrefetchInput): Promise<LibraryPrefetch> => {
    const mine = ++newest;
    const normalized = input.query.normalize('NFKC');
    if (normalized === '') {
      if (warming?.filters === filtersKey(input)) await warming.done;
      return keptFirstChars(input);
    }
    const word = LAST_WORD.exec(normalized)?.[0];
    if (!word) return { answers: [] };
    // A query one character longer than the list's own bound is never asked.
    const room = LIBRARY_QUERY_MAX - input.query.length;
    const chars = library()
      .nextChars(foldWord(word), screensFor(input.limit, false))
      .filter((char) => char.length <= room);
    // Ended early, it answers the screens it has (the keystroke it was for may be gone).
    return { answers: (await screensOf(input, chars, () => mine === newest)).answers };
  };

  /**
   * Reads the empty query's screens for `filters` (the saved view's sort), FIRST_CHARS_LIMIT
   * items each, one per turn, and keeps them for the page's asks. Resolves when done or given up
   * (a change meanwhile); never rejects: it is only ever a help.
   */
  const warmFirstChars = (filters: ScreenFilters): Promise<void> => {
    const mine = generation;
    const read = async () => {
      try {
        const lib = library();
        const version = lib.version();
        const input = { ...filters, query: '', limit: FIRST_CHARS_LIMIT };
        const chars = lib.nextChars('', screensFor(input.limit, true));
        const { answers, whole } = await screensOf(input, chars, () => generation === mine);
        if (whole && generation === mine)
          firstChars = { library: lib, version, filters: filtersKey(filters), answers };
      } catch {
        // The store closed meanwhile: nothing kept.
      }
    };
    const done = read().finally(() => {
      if (warming?.done === done) warming = null;
    });
    warming = { filters: filtersKey(filters), done };
    return done;
  };

  /** Drops the first-character screens, and ends a read of them under way (a library change). */
  const forget = () => {
    generation += 1;
    firstChars = null;
  };

  return { prefetch, warmFirstChars, forget };
}
