import type { LibraryListInput, LibraryPage } from '../../../shared/ipc/library';

/** At most this many first screens are kept (each ≤ 100 items, ~15–50 at a window's size). */
export const LIBRARY_ANSWERS_MAX = 200;

/** A first screen's full question: the filters, sort, query and how many items (offset 0). */
export type ScreenInput = Omit<LibraryListInput, 'offset'> & { limit: number };

/**
 * The library's first screens asked ahead (the search box's type-ahead, design §12.1), by their
 * full input, so a keystroke whose answer came before it is shown in the keystroke's own task.
 * Never stale: `invalidate` (every `library.changed`: a purchase, a return, a download, tags, a
 * sync) empties it, and an answer asked before it is not kept when it comes (`put` with the
 * ticket `ask` gave). So a screen shown from here is one the core answered after the last change
 * the page was told of, as for an answer asked at the keystroke. Nor does an answer replace one
 * asked after it: the core coalesces `library.changed` (100 ms), so a type-ahead screen read
 * before a write can come after the keystroke's own answer, read after it, for the same screen.
 * Least recently used screens go first past LIBRARY_ANSWERS_MAX; an answer asked before the newest
 * screen let go is not kept unless its own screen is (it might be older than the one let go).
 */
export function libraryAnswers(max = LIBRARY_ANSWERS_MAX) {
  /** Tickets handed out by `ask`, in order; those up to `changedAt` were asked before a change. */
  let asked = 0;
  let changedAt = 0;
  /** The newest ticket of a screen let go for room: an answer asked before it may be older than it. */
  let evictedAt = 0;
  let screens = new Map<string, { page: LibraryPage; ticket: number }>();
  // Every field of the input but the offset (always 0), by name: a filter the list gains is in
  // the key without a word here. The list's own defaults stand for absent sort and direction.
  const keyOf = (input: ScreenInput): string => {
    const given = Object.entries(input).filter(
      ([name, value]) => name !== 'offset' && value !== undefined,
    );
    const full: Record<string, unknown> = {
      sort: 'title',
      direction: 'asc',
      ...Object.fromEntries(given),
    };
    return JSON.stringify(
      Object.keys(full)
        .sort()
        .map((name) => [name, full[name]]),
    );
  };
  return {
    /** The ticket of an answer asked now: give it back to `put` (one for all of a call's). */
    ask: (): number => ++asked,
    /** Keeps an answer, unless the library changed or the screen was asked again since. */
    put(input: ScreenInput, page: LibraryPage, ticket: number): void {
      if (ticket <= changedAt) return;
      const key = keyOf(input);
      const kept = screens.get(key);
      if (kept ? kept.ticket > ticket : ticket < evictedAt) return;
      screens.delete(key);
      screens.set(key, { page, ticket });
      if (screens.size > max) {
        const [oldest, evicted] = screens.entries().next().value as [string, { ticket: number }];
        screens.delete(oldest);
        evictedAt = Math.max(evictedAt, evicted.ticket);
      }
    },
    get(input: ScreenInput): LibraryPage | undefined {
      const key = keyOf(input);
      const kept = screens.get(key);
      if (kept) {
        screens.delete(key);
        screens.set(key, kept);
      }
      return kept?.page;
    },
    /** The library changed: nothing kept or on its way is an answer any more. */
    invalidate(): void {
      changedAt = asked;
      screens = new Map();
    },
    get size(): number {
      return screens.size;
    },
  };
}
export type LibraryAnswers = ReturnType<typeof libraryAnswers>;
