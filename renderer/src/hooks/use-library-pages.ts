import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { LibraryItem, LibraryListInput, LibraryPage } from '../../../shared/ipc/library';
import { firstAsk, firstPageLimit, settledAnswer } from '../lib/boot';
import { libraryAnswers, type ScreenInput } from '../lib/library-answers';
import { LIBRARY_PAGE_SIZE } from '../lib/library-page';
import { getShelf } from '../lib/shelf';
import { useEvent } from './use-event';

export { LIBRARY_PAGE_SIZE };

export type LibraryFilters = Omit<LibraryListInput, 'offset' | 'limit'>;

interface Pages {
  key: string;
  epoch: number;
  total: number | null;
  pages: ReadonlyMap<number, LibraryItem[]>;
}

/**
 * A page's id, for a library's `epoch` and filters (`key`): the calls on their way and the
 * first page asked ahead are known by it, so `load` takes askAhead's answer by the same id.
 */
function pageId(epoch: number, page: number, key: string): string {
  return `${epoch}|${page}|${key}`;
}

/** A call waiting for the next frame to be painted: its rAF, then the task posted from it. */
interface AfterPaint {
  frame: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Calls `fn` in a task of its own once the next frame has been painted. */
function afterPaint(fn: () => void): AfterPaint {
  const pending: AfterPaint = { frame: 0 };
  pending.frame = requestAnimationFrame(() => {
    pending.timer = setTimeout(fn, 0);
  });
  return pending;
}

function cancelAfterPaint(pending: AfterPaint | undefined): void {
  if (!pending) return;
  cancelAnimationFrame(pending.frame);
  if (pending.timer !== undefined) clearTimeout(pending.timer);
}

export interface LibraryPages {
  /** Matching items (null until the first page answers). */
  total: number | null;
  /** The item at `index`, or undefined while its page loads. */
  itemAt: (index: number) => LibraryItem | undefined;
  /** Asks for the pages covering [start, end]; the list calls it as the user scrolls. */
  ensureRange: (start: number, end: number) => void;
  /**
   * Asks the first page for `filters` now, ahead of the render that will switch to them: the
   * search box calls it from its change handler, so the request is on its way while React
   * renders the keystroke. The render's own ask takes this answer instead of asking again.
   * When the answer was asked ahead already (`typeAhead` of the keystroke before), it is shown
   * in this keystroke's render, with no call at all. `typeAhead`: the next character typed
   * extends `filters.query`'s last word, so the first screens for those are asked now.
   * `show`: the caller's own state change to these filters (the screen's query), made in the
   * same render as the results: now when they are in the page, else in the task that brings
   * them, so a keystroke asked renders the screen once, not once for the typing and again for
   * its answer. Only the newest ask's `show` is ever called.
   */
  askAhead: (filters: LibraryFilters, typeAhead?: boolean, show?: () => void) => void;
  /**
   * The list says how many items, from the first, fill its screen now: the first page askAhead
   * asks is only those, so the answer to a keystroke is read, sent, parsed and rendered for the
   * cards on screen alone; the rest of the page is asked when the list shows more (the overscan
   * after that frame is painted, or a scroll).
   */
  setOnScreen: (items: number) => void;
  /** True while what is shown belongs to older filters (a new search is on its way). */
  stale: boolean;
  /** The filters whose results are shown (their JSON): each new search shown changes it. */
  shown: string;
  error: unknown;
}

/**
 * The library, asked from the core page by page (offset/limit) as the user scrolls, so 100,000
 * items cost only the pages on screen. A filter change starts a new key; a `library.changed`
 * event starts a new epoch. Old pages stay visible until the new answer replaces them, and
 * answers for an older key or epoch are dropped.
 */
export function useLibraryPages(filters: LibraryFilters, enabled = true): LibraryPages {
  const key = JSON.stringify(filters);
  const [epoch, setEpoch] = useState(0);
  // The boot's first page, when it has come back already, is the first render's (lib/boot.ts).
  const [data, setData] = useState<Pages>(() => {
    const settled = enabled
      ? settledAnswer('library.list', { ...filters, offset: 0, limit: firstPageLimit() })
      : undefined;
    return settled
      ? { key, epoch: 0, total: settled.total, pages: new Map([[0, settled.items]]) }
      : { key, epoch: 0, total: null, pages: new Map() };
  });
  /** The items of the boot's page the first render showed, if it did. */
  const shownAtMount = useRef(data.pages.get(0));
  const [error, setError] = useState<unknown>(null);
  const current = useRef({ key, epoch });
  const inFlight = useRef(new Set<string>());
  /** The first page this list asks may have been asked at boot already (lib/boot.ts). */
  const first = useRef(true);
  /** The newest first page asked by askAhead, by the same id as load's, until load takes it. */
  const ahead = useRef<{
    id: string;
    answer: Promise<LibraryPage>;
    /** The newest asker's state change, made with the answer (askAhead's `show`). */
    show?: () => void;
  } | null>(null);
  /** Items from the first that fill the list's screen (a whole page until the list says). */
  const onScreen = useRef(LIBRARY_PAGE_SIZE);
  /** A first screen's items: those on the list's screen now. */
  const screenLimit = useCallback(
    () => Math.min(LIBRARY_PAGE_SIZE, Math.max(1, onScreen.current)),
    [],
  );
  /** First screens asked ahead, for the keystrokes to come (lib/library-answers.ts). */
  const answers = useRef(libraryAnswers()).current;

  useEffect(() => {
    current.current = { key, epoch };
  }, [key, epoch]);

  useEvent('library.changed', () => {
    answers.invalidate();
    setEpoch((e) => e + 1);
  });

  const load = useCallback(
    /**
     * Asks `count` pages from `page` in one call (a jump's rows), the last of them up to `upTo`
     * items from `page`'s offset when given (the rest of that page comes when the list needs it).
     */
    (page: number, count = 1, upTo = count * LIBRARY_PAGE_SIZE) => {
      // One id per page, whichever call asks it: a page on its way is not asked again.
      const ids = Array.from({ length: count }, (_, k) => pageId(epoch, page + k, key));
      if (ids.some((id) => inFlight.current.has(id))) return;
      for (const id of ids) inFlight.current.add(id);
      const [id] = ids as [string];
      const boot = first.current && page === 0;
      first.current = false;
      const input = {
        ...(JSON.parse(key) as LibraryFilters),
        offset: page * LIBRARY_PAGE_SIZE,
        // The boot's first page is cut to the screen; the rest comes once it is painted.
        limit: boot ? firstPageLimit() : upTo,
      };
      const early =
        page === 0 && count === 1 && ahead.current?.id === id ? ahead.current.answer : undefined;
      if (early) ahead.current = null;
      const asked =
        early ??
        (boot ? firstAsk('library.list', input) : getShelf().invoke('library.list', input));
      asked
        .then(
          (answer) => {
            // The boot's page, which the first render already shows: no second commit for it.
            if (answer.items === shownAtMount.current) return;
            if (current.current.key !== key || current.current.epoch !== epoch) return;
            // Committed in the task that brought the answer, not in one React schedules after
            // it: a frame that starts in between would be painted without the results
            // (bench/findings.md, keystroke, fifth pass).
            flushSync(() => {
              setError(null);
              setData((prev) => {
                const fresh = prev.key !== key || prev.epoch !== epoch;
                let pages: Map<number, LibraryItem[]> | null = null;
                for (let k = 0; k < count; k += 1) {
                  const items =
                    count === 1
                      ? answer.items
                      : answer.items.slice(k * LIBRARY_PAGE_SIZE, (k + 1) * LIBRARY_PAGE_SIZE);
                  // Past the last item: nothing of this page or the next.
                  if (k > 0 && items.length === 0) break;
                  const held = fresh ? undefined : prev.pages.get(page + k);
                  // Shown already: the keystroke's render took it from the answers asked ahead.
                  if (held === items) continue;
                  // A page cut short (to the screen, as askAhead's are, or a jump's last
                  // rows) never replaces the whole page come before it; a whole page asked
                  // always does, shorter or not (items gone since the seed, lib/boot.ts).
                  const cut =
                    early !== undefined || input.limit - k * LIBRARY_PAGE_SIZE < LIBRARY_PAGE_SIZE;
                  if (cut && (held?.length ?? -1) > items.length) continue;
                  pages ??= new Map(fresh ? [] : prev.pages);
                  pages.set(page + k, items);
                }
                if (!pages) return prev;
                return { key, epoch, total: answer.total, pages };
              });
            });
          },
          (caught: unknown) => setError(caught),
        )
        .finally(() => {
          for (const each of ids) inFlight.current.delete(each);
        });
    },
    [key, epoch],
  );

  // The first page is asked for every new key or epoch even when no list is on screen (an empty
  // result shows a message instead of the list, and nothing else would ask again).
  // Not before `enabled`: the saved sort is on its way, and the first answer would be thrown away.
  useEffect(() => {
    if (enabled) load(0);
  }, [load, enabled]);

  // The boot's first page holds only the screen's items: the rest of the page is asked once that
  // frame is painted (rAF runs before the paint; a task posted from it runs after), so scrolling
  // finds it as before.
  // Only for the first key and epoch: a search's cut first page waits for the list to show more.
  const restAfterPaint = useRef(firstPageLimit() < LIBRARY_PAGE_SIZE ? key : null);
  useEffect(() => {
    if (restAfterPaint.current === null) return undefined;
    if (restAfterPaint.current !== key || epoch !== 0) {
      restAfterPaint.current = null;
      return undefined;
    }
    const held = data.pages.get(0)?.length;
    if (!enabled || data.key !== key || data.epoch !== epoch) return undefined;
    if (held === undefined || data.total === null) return undefined;
    if (held >= Math.min(LIBRARY_PAGE_SIZE, data.total)) {
      restAfterPaint.current = null;
      return undefined;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        restAfterPaint.current = null;
        load(0);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [data, key, epoch, enabled, load]);

  /**
   * Asks the first screens of the queries one more character gives (design §12.1) and keeps
   * them, unless the library changed meanwhile (the ticket `ask` gives).
   */
  const typeAheadAfterPaint = useRef<AfterPaint | undefined>(undefined);
  const typeAhead = useCallback(
    (typed: LibraryFilters & { query: string }) => {
      const ticket = answers.ask();
      const ask = () => {
        // The screen's size when it leaves: the list's first frame, the lean one, holds fewer.
        const screen: ScreenInput & { query: string } = { ...typed, limit: screenLimit() };
        return getShelf()
          .invoke('library.prefetch', screen)
          .then(
            ({ answers: screens }) => {
              for (const { query, page } of screens)
                answers.put({ ...screen, query }, page, ticket);
            },
            // Only ever a help: the keystroke asks its own answer when none is kept.
            () => undefined,
          );
      };
      // Once this keystroke's frame is painted (rAF runs before the paint, a task posted from
      // it after): the host's queries, the worker's checks and the answer's message would
      // otherwise share the two cores with that frame. Only the newest keystroke's is asked.
      cancelAfterPaint(typeAheadAfterPaint.current);
      typeAheadAfterPaint.current = afterPaint(() => {
        typeAheadAfterPaint.current = undefined;
        void ask();
      });
    },
    [answers, screenLimit],
  );
  // The first keystroke's screens (design §12.1): once the empty box's results are shown, after
  // their frame (typeAhead waits for it); the core read them ahead at its start.
  const firstCharsAsked = useRef<string | null>(null);
  useEffect(() => {
    const shownNow = data.key === key && data.epoch === epoch && (data.total ?? 0) > 0;
    const screen = JSON.parse(key) as LibraryFilters;
    if (!enabled || !shownNow || screen.query) return;
    if (firstCharsAsked.current === `${epoch}|${key}`) return;
    firstCharsAsked.current = `${epoch}|${key}`;
    typeAhead({ ...screen, query: '' });
  }, [enabled, key, epoch, data, typeAhead]);

  /** The newest keystroke asked: its filters shown, answered or not, once its frame is painted. */
  const showAfterPaint = useRef<AfterPaint | undefined>(undefined);
  // Nothing waiting for a frame is done once the list is gone.
  useEffect(
    () => () => {
      cancelAfterPaint(typeAheadAfterPaint.current);
      cancelAfterPaint(showAfterPaint.current);
    },
    [],
  );

  const askAhead = useCallback(
    (next: LibraryFilters, typeAheadToo = false, show?: () => void) => {
      if (!enabled) {
        show?.();
        return;
      }
      const nextKey = JSON.stringify(next);
      const id = pageId(epoch, 0, nextKey);
      if (nextKey === key) {
        // Back to what is shown: an answer still on its way is for nothing now.
        ahead.current = null;
        show?.();
        return;
      }
      if (ahead.current?.id === id) {
        if (show) ahead.current.show = show;
        return;
      }
      const screen: ScreenInput = { ...next, limit: screenLimit() };
      const kept = answers.get(screen);
      if (kept) {
        // Shown in this keystroke's render (batched with the box's own state): no round trip.
        ahead.current = { id, answer: Promise.resolve(kept) };
        setError(null);
        setData({ key: nextKey, epoch, total: kept.total, pages: new Map([[0, kept.items]]) });
        show?.();
      } else {
        const ticket = answers.ask();
        const answer = getShelf().invoke('library.list', { ...screen, offset: 0 });
        // Kept too: a backspace asks it again.
        answer.then((page) => answers.put(screen, page, ticket)).catch(() => undefined);
        const asked = { id, answer, show };
        ahead.current = asked;
        if (show) {
          // The typed text is painted first (the box alone); an answer not come by then is
          // waited for with the screen switched to these filters (what it renders then, the
          // rows beyond the screen dropped and the toolbar, is not left for the answer's task).
          cancelAfterPaint(showAfterPaint.current);
          showAfterPaint.current = afterPaint(() => {
            showAfterPaint.current = undefined;
            if (ahead.current === asked) asked.show?.();
          });
          answer.then(
            (page) => {
              // A newer keystroke asked since, or the list took this answer already.
              if (ahead.current !== asked || !asked.show) return;
              const shown = asked.show;
              // One commit, in this task: the caller's state and the results, as if kept.
              flushSync(() => {
                shown();
                // Asked before a library change: the list asks again for the new epoch.
                if (current.current.epoch !== epoch) return;
                setError(null);
                setData({
                  key: nextKey,
                  epoch,
                  total: page.total,
                  pages: new Map([[0, page.items]]),
                });
              });
            },
            // The list asks it again and shows the error (load takes this answer).
            () => {
              if (ahead.current === asked) asked.show?.();
            },
          );
        }
      }
      // After the keystroke's own call, so the core answers that one first.
      if (typeAheadToo && next.query) typeAhead({ ...next, query: next.query });
    },
    [enabled, epoch, key, answers, typeAhead, screenLimit],
  );

  const ensureRange = useCallback(
    (start: number, end: number) => {
      if (!enabled) return;
      const upToDate = data.key === key && data.epoch === epoch;
      const first = Math.floor(Math.max(0, start) / LIBRARY_PAGE_SIZE);
      const last = Math.floor(Math.max(0, end) / LIBRARY_PAGE_SIZE);
      /** The first page of a run of pages to ask, all in one call. */
      let run: number | null = null;
      for (let page = first; page <= last + 1; page += 1) {
        // A page is whole when it holds every item from its offset up to the last in range
        // (askAhead's first page holds only the screen's).
        const held = data.pages.get(page)?.length ?? -1;
        const wanted = Math.min(
          Math.max(0, end) + 1,
          (page + 1) * LIBRARY_PAGE_SIZE,
          data.total ?? Infinity,
        );
        const missing =
          page <= last &&
          !inFlight.current.has(pageId(epoch, page, key)) &&
          (!upToDate || held < 0 || page * LIBRARY_PAGE_SIZE + held < wanted);
        if (missing && run === null) run = page;
        if (!missing && run !== null) {
          // A jump's rows often straddle two pages: one call brings both, so they are read,
          // sent and rendered once (bench/findings.md, grid jump). The first page keeps its
          // own call: the boot and the type-ahead answer it.
          if (run === 0) load(0);
          const from = Math.max(run, 1);
          // A single page is asked whole (a steady scroll reaches it bit by bit); the last of
          // several only up to the rows in range.
          const count = page - from;
          if (count === 1) load(from);
          else if (count > 1)
            load(
              from,
              count,
              Math.min(count * LIBRARY_PAGE_SIZE, end + 1 - from * LIBRARY_PAGE_SIZE),
            );
          run = null;
        }
      }
    },
    [data, key, epoch, load, enabled],
  );

  const itemAt = useCallback(
    (index: number) =>
      data.pages.get(Math.floor(index / LIBRARY_PAGE_SIZE))?.[index % LIBRARY_PAGE_SIZE],
    [data],
  );

  const setOnScreen = useCallback((items: number) => {
    onScreen.current = items;
  }, []);

  return {
    total: data.total,
    itemAt,
    ensureRange,
    askAhead,
    setOnScreen,
    stale: data.key !== key,
    shown: data.key,
    error,
  };
}
