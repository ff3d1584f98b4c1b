import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import type { LibraryListInput } from '../../../shared/ipc/library';
import type { LibraryView } from '../../../shared/ipc/library-view';
import { DEFAULT_LIBRARY_VIEW } from '../../../shared/ipc/library-view-default';
import { parseRoute } from '../hooks/use-route';
import { getShelf, hasShelf } from './shelf';

/**
 * The bridge calls the first screen waits for, asked as soon as the bundle runs and side by side,
 * rather than one after another as each component mounts (account → app shell → the library's
 * saved view → its first page: three round trips after React's first renders, measured in
 * bench/findings.md, renderer first paint, 2026-11-29 late).
 *
 * Each answer is handed to the component that would have asked the same question with the same
 * input, once per consumer named here; anything not taken by the time the user leaves the first
 * screen, or signs out, is dropped, so a later mount always asks afresh.
 */
interface Primed {
  answer: Promise<unknown>;
  /** How many first asks this answer stands for. */
  uses: number;
}

const primed = new Map<string, Primed>();

type SortView = Pick<LibraryView, 'sort' | 'direction'>;

const keyOf = (channel: string, input: unknown) => `${channel}|${JSON.stringify(input)}`;

function prime<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  answer: Promise<ChannelOutput<C>>,
  uses: number,
): void {
  // A refused call is asked again by its component, which shows the error; never unhandled here.
  answer.catch(() => {});
  primed.set(keyOf(channel, input), { answer, uses });
}

/**
 * The first ask of `channel` with `input` by a component: the boot's answer when one is waiting
 * for it, otherwise a fresh call.
 */
export function firstAsk<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const key = keyOf(channel, input);
  const entry = primed.get(key);
  if (!entry) return getShelf().invoke(channel, input);
  entry.uses -= 1;
  if (entry.uses <= 0) primed.delete(key);
  return entry.answer as Promise<ChannelOutput<C>>;
}

/** Forgets every answer not taken yet (the first screen is gone, or the user signed out). */
export function dropBootAnswers(): void {
  primed.clear();
}

/**
 * The library's first page as LibraryScreen asks it with an empty search box: the saved view's
 * sort, the filters kept in localStorage by usePersistentState('library.filters').
 */
export function firstLibraryInput(
  view: SortView,
  stored: { kind?: LibraryListInput['kind']; state?: LibraryListInput['state']; tag?: string },
): Omit<LibraryListInput, 'offset' | 'limit'> {
  return {
    sort: view.sort,
    direction: view.direction,
    ...(stored.kind ? { kind: stored.kind } : {}),
    ...(stored.state ? { state: stored.state } : {}),
    ...(stored.tag ? { tag: stored.tag } : {}),
  };
}

function storedFilters(): {
  kind?: LibraryListInput['kind'];
  state?: LibraryListInput['state'];
  tag?: string;
} {
  try {
    const stored = window.localStorage.getItem('shelfkeeper.library.filters');
    return stored ? (JSON.parse(stored) as ReturnType<typeof storedFilters>) : {};
  } catch {
    return {};
  }
}

/**
 * Where the boot remembers the library's last sort, to ask its first page before settings.get
 * has answered. Only a guess: the saved view stays in the core's settings (use-library-view.ts),
 * and a page asked with a wrong guess is keyed by its input, so nobody takes it.
 */
const GUESS_KEY = 'shelfkeeper.boot.librarySort';

function readGuess(): SortView {
  try {
    const stored = window.localStorage.getItem(GUESS_KEY);
    if (stored) return JSON.parse(stored) as SortView;
  } catch {
    // No storage: the default view is the guess.
  }
  return { sort: DEFAULT_LIBRARY_VIEW.sort, direction: DEFAULT_LIBRARY_VIEW.direction };
}

function writeGuess(view: SortView): void {
  try {
    window.localStorage.setItem(
      GUESS_KEY,
      JSON.stringify({ sort: view.sort, direction: view.direction }),
    );
  } catch {
    // The next start guesses the default.
  }
}

/**
 * Starts the first screen's calls, all at once: account, settings and, on the library route, its
 * first page with the last sort seen (`pageSize` is useLibraryPages' page). Once settings answer,
 * a wrong guess is corrected with one more ask, when signed in.
 */
export function startBoot(pageSize: number): void {
  if (!hasShelf()) return;
  const shelf = getShelf();
  // An answer asked before a change (the start's sync, a cover round, a session ended) must not
  // be shown after it: the components that would take it subscribe to changes only once mounted.
  const stopWatching = shelf.on('library.changed', () => {
    dropBootAnswers();
    stopWatching();
  });
  const account = shelf.invoke('account.get', {});
  const settings = shelf.invoke('settings.get', {});
  prime('account.get', {}, account, 1);
  const onLibrary = parseRoute(window.location.hash).screen === 'library';
  // The app's theme, and on the library the saved view too.
  prime('settings.get', {}, settings, onLibrary ? 2 : 1);
  if (!onLibrary) return;
  const pageOf = (view: SortView) => ({
    ...firstLibraryInput(view, storedFilters()),
    offset: 0,
    limit: pageSize,
  });
  const guessed = pageOf(readGuess());
  prime('library.list', guessed, shelf.invoke('library.list', guessed), 1);
  void Promise.all([account, settings]).then(
    ([who, saved]) => {
      const view = saved.libraryView ?? DEFAULT_LIBRARY_VIEW;
      writeGuess(view);
      const input = pageOf(view);
      if (keyOf('library.list', input) === keyOf('library.list', guessed)) return;
      primed.delete(keyOf('library.list', guessed));
      if (who.signedIn) prime('library.list', input, shelf.invoke('library.list', input), 1);
    },
    () => {},
  );
}
