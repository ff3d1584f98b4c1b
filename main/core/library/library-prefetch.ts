import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import type { libraryListInputSchema } from '../../../shared/ipc/library';
import { LIBRARY_QUERY_MAX } from '../../../shared/ipc/library-list';
import {
  LIBRARY_PREFETCH_ITEMS,
  LIBRARY_PREFETCH_QUERIES,
  type LibraryPrefetch,
  type libraryPrefetchInputSchema,
} from '../../../shared/ipc/library-prefetch';
import type { Store } from '../store/store';
import { foldWord } from '../store/library-terms';

type PrefetchInput = z.infer<typeof libraryPrefetchInputSchema>;
type ListInput = z.infer<typeof libraryListInputSchema>;

/** The query's last word, when the query ends in it (a character typed next extends it). */
const LAST_WORD = /[\p{L}\p{N}]+$/u;

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
 */
export function libraryPrefetcher(library: () => Store['library']) {
  let newest = 0;
  return async (input: PrefetchInput): Promise<LibraryPrefetch> => {
    const mine = ++newest;
    const word = LAST_WORD.exec(input.query.normalize('NFKC'))?.[0];
    if (!word) return { answers: [] };
    const max = Math.min(
      LIBRARY_PREFETCH_QUERIES,
      Math.floor(LIBRARY_PREFETCH_ITEMS / input.limit),
    );
    // A query one character longer than the list's own bound is never asked.
    const room = LIBRARY_QUERY_MAX - input.query.length;
    const chars = library()
      .nextChars(foldWord(word), max)
      .filter((char) => char.length <= room);
    const answers: LibraryPrefetch['answers'] = [];
    const version = library().version();
    for (const char of chars) {
      // Yields first: the keystroke's own list call, sent just before this, goes first.
      await nextTurn();
      // A write in between ends it too: every screen of one answer is of one library.
      if (mine !== newest || library().version() !== version) break;
      const query = input.query + char;
      const asked: ListInput = { ...input, query, offset: 0 };
      answers.push({ query, page: library().list(asked, false) });
    }
    return { answers };
  };
}
