import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import type { LibraryListInput } from '../../../shared/ipc/library';
import { DEFAULT_LIBRARY_VIEW } from '../../../shared/ipc/library-view';
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
  view: { sort: LibraryListInput['sort']; direction: LibraryListInput['direction'] },
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

/** Starts the first screen's calls; `pageSize` is useLibraryPages' page. */
export function startBoot(pageSize: number): void {
  if (!hasShelf()) return;
  const shelf = getShelf();
  const account = shelf.invoke('account.get', {});
  const settings = shelf.invoke('settings.get', {});
  prime('account.get', {}, account, 1);
  const onLibrary = parseRoute(window.location.hash).screen === 'library';
  // The app's theme, and on the library the saved view too.
  prime('settings.get', {}, settings, onLibrary ? 2 : 1);
  if (!onLibrary) return;
  void Promise.all([account, settings]).then(
    ([who, saved]) => {
      if (!who.signedIn) return;
      const input = {
        ...firstLibraryInput(saved.libraryView ?? DEFAULT_LIBRARY_VIEW, storedFilters()),
        offset: 0,
        limit: pageSize,
      };
      prime('library.list', input, shelf.invoke('library.list', input), 1);
    },
    () => {},
  );
}
