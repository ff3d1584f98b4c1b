import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc/contract';
import type { LibraryListInput } from '../../../shared/ipc/library';
import type { LibraryView } from '../../../shared/ipc/library-view';
import type { FirstScreenSeed, SeededAnswer } from '../../../shared/ipc/first-screen-seed';
import {
  FIRST_SCREEN_SEED_ID,
  SEEDED_LIBRARY_ITEMS,
  seedKey,
} from '../../../shared/ipc/first-screen-seed';
import { DEFAULT_LIBRARY_VIEW } from '../../../shared/ipc/library-view-default';
import { parseRoute } from '../hooks/use-route';
import { LIBRARY_PAGE_SIZE } from './library-page';
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
  /** The answer once it has come back, so the first render can show it (settledAnswer). */
  value?: { data: unknown };
}

const primed = new Map<string, Primed>();
/**
 * The seed's answers, which the app's first render shows whatever came since: with the first
 * screen's markup in index.html the page's app takes it over (hydration), and a first render that
 * differed from the markup (an answer or an event come meanwhile, within milliseconds in
 * Electron) would make React build the page again. The components' effects take the fresh
 * answers once it is committed (firstRenderCommitted).
 */
const firstRenderSeed = new Map<string, unknown>();
let firstRenderDone = false;
/** The limit of the library's first page the boot asked (firstPageLimit). */
let bootLimit: number | null = null;
/** Settles when the answers the first screen needs have come back (right or refused). */
let answered: Promise<void> = Promise.resolve();

type SortView = Pick<LibraryView, 'sort' | 'direction'>;

const keyOf = (channel: string, input: unknown) => `${channel}|${JSON.stringify(input)}`;

function prime<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  asked: Promise<ChannelOutput<C>>,
  uses: number,
  seeded?: ChannelOutput<C>,
): void {
  // A seeded answer is the first render's at once; the call still goes, and its answer replaces
  // the seed only when it differs, so an unchanged one costs no second commit (the components
  // skip an answer identical to the one they show).
  const answer =
    seeded === undefined
      ? asked
      : asked.then((fresh) => (JSON.stringify(fresh) === JSON.stringify(seeded) ? seeded : fresh));
  if (seeded !== undefined && !firstRenderDone) firstRenderSeed.set(keyOf(channel, input), seeded);
  const entry: Primed = {
    answer,
    uses,
    ...(seeded === undefined ? {} : { value: { data: seeded } }),
  };
  // A refused call is asked again by its component, which shows the error; never unhandled here.
  answer.then(
    (data) => {
      entry.value = { data };
    },
    () => {},
  );
  primed.set(keyOf(channel, input), entry);
}

/**
 * The boot's answer to `channel` with `input` if it has come back and is still waiting for its
 * component, without taking it: the component's first render shows it, and its effect's
 * firstAsk takes it as before, so the first commit is the screen itself, not a loading state
 * followed by one more commit per answer (bench/findings.md, first paint, sixth pass).
 */
export function settledAnswer<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
): ChannelOutput<C> | undefined {
  const key = keyOf(channel, input);
  if (!firstRenderDone && firstRenderSeed.has(key))
    return firstRenderSeed.get(key) as ChannelOutput<C>;
  return primed.get(key)?.value?.data as ChannelOutput<C> | undefined;
}

/** The app's first render has been committed: from now on its answers are as they come. */
export function firstRenderCommitted(): void {
  firstRenderDone = true;
  firstRenderSeed.clear();
}

/** Forgets all the boot kept, the first render's seed too: the prerender's next render starts afresh. */
export function resetBoot(): void {
  dropBootAnswers();
  firstRenderSeed.clear();
  firstRenderDone = false;
}

/**
 * Resolves once the answers the first screen cannot show without (account, settings, the
 * library's first page) have come back, or after `capMs` from now, whichever is
 * first: the app's entry renders then, with the answers (app-main.tsx). A slow host costs at
 * most the cap; the screen then renders its loading states as before.
 */
export function bootAnswered(capMs: number): Promise<void> {
  return Promise.race([answered, new Promise<void>((resolve) => setTimeout(resolve, capMs))]);
}

/**
 * The limit of the library's first page: the boot's cut to the screen when it asked one, so the
 * library's first ask takes that answer; a whole page otherwise.
 */
export function firstPageLimit(): number {
  return bootLimit ?? LIBRARY_PAGE_SIZE;
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
  bootLimit = null;
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
 * Starts the first screen's calls, all at once: account, settings, the header's sync status and
 * balance and, on the library route, its first page with the last sort seen (`pageSize` items:
 * what the screen shows, firstScreenItems) and the toolbar's tags and saved searches. Once
 * settings answer, a wrong guess is corrected with one more ask, when signed in.
 *
 * When index.html came with the first screen's answers (shared/ipc/first-screen-seed.ts), the
 * first render shows them at once, without waiting for the bridge: the library's page is the
 * seed's whole page in the saved sort, and the calls leave as before to replace any that changed.
 * `given` is the seed from elsewhere than the document (the first screen's prerender).
 */
export function startBoot(pageSize: number, given: unknown = seedInDocument()): void {
  if (!hasShelf()) return;
  // A page boots once (the prerender once per render): nothing of an earlier boot is shown.
  resetBoot();
  const shelf = getShelf();
  // An answer asked before a change (the start's sync, a cover round, a session ended) must not
  // be shown after it: the components that would take it subscribe to changes only once mounted.
  const stops = (['library.changed', 'wallet.changed'] as const).map((event) =>
    shelf.on(event, () => {
      dropBootAnswers();
      stops.forEach((stop) => stop());
    }),
  );
  const seed = readSeed(given);
  const account = shelf.invoke('account.get', {});
  const settings = shelf.invoke('settings.get', {});
  const seededAccount = seed.of('account.get', {});
  const seededSettings = seed.of('settings.get', {});
  prime('account.get', {}, account, 1, seededAccount);
  const onLibrary = parseRoute(window.location.hash).screen === 'library';
  // The app's theme, and on the library the saved view too.
  prime('settings.get', {}, settings, onLibrary ? 2 : 1, seededSettings);
  // The signed-in shell's header, on every screen (AppShell). Not waited for (bootAnswered):
  // the first render shows them when they are in, as they leave and come back with the rest.
  const header = () => {
    for (const channel of ['sync.status', 'wallet.get'] as const) {
      prime(channel, {}, shelf.invoke(channel, {}), 1, seed.of(channel, {}));
    }
  };
  // The library's toolbar: its tag filter and the saved searches (not waited for either).
  const toolbar = () => {
    for (const channel of ['tags.list', 'searches.list'] as const) {
      prime(channel, {}, shelf.invoke(channel, {}), 1, seed.of(channel, {}));
    }
  };
  const seededFirst = seededAccount !== undefined && seededSettings !== undefined;
  if (!onLibrary || (seededFirst && !seededAccount.signedIn)) {
    header();
    answered = seededFirst ? Promise.resolve() : settleAll([account, settings]);
    return;
  }
  if (seededFirst) {
    // Signed in (above): the saved view is known: the seeded page, whole, when it is the one the screen shows.
    const view = seededSettings.libraryView ?? DEFAULT_LIBRARY_VIEW;
    writeGuess(view);
    const input = {
      ...firstLibraryInput(view, storedFilters()),
      offset: 0,
      limit: SEEDED_LIBRARY_ITEMS,
    };
    const seededPage = seed.of('library.list', input);
    if (seededPage !== undefined) {
      bootLimit = SEEDED_LIBRARY_ITEMS;
      prime('library.list', input, shelf.invoke('library.list', input), 1, seededPage);
      header();
      toolbar();
      answered = Promise.resolve();
      return;
    }
  }
  bootLimit = pageSize;
  const pageOf = (view: SortView) => ({
    ...firstLibraryInput(view, storedFilters()),
    offset: 0,
    limit: pageSize,
  });
  // The seed's settings say the saved sort; without them, the last one seen is the guess.
  const guessed = pageOf(
    seededFirst ? (seededSettings.libraryView ?? DEFAULT_LIBRARY_VIEW) : readGuess(),
  );
  const page = shelf.invoke('library.list', guessed);
  prime('library.list', guessed, page, 1);
  header();
  toolbar();
  const corrected = Promise.all([account, settings]).then(([who, saved]) => {
    const view = saved.libraryView ?? DEFAULT_LIBRARY_VIEW;
    writeGuess(view);
    const input = pageOf(view);
    if (keyOf('library.list', input) === keyOf('library.list', guessed)) return page;
    primed.delete(keyOf('library.list', guessed));
    if (!who.signedIn) return undefined;
    const again = shelf.invoke('library.list', input);
    prime('library.list', input, again, 1);
    return again;
  });
  // Seeded but for the page (the page's own filters): the shell renders at once, since its paint
  // is what starts the bridge's worker in the browser host (page-bridge/browser-bridge.ts).
  answered = seededFirst ? Promise.resolve() : settleAll([account, settings, page, corrected]);
}

/** The seed index.html holds (shared/ipc/first-screen-seed.ts), if it holds one. */
function seedInDocument(): unknown {
  const text = document.getElementById(FIRST_SCREEN_SEED_ID)?.textContent;
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: the page asks everything, as without a seed.
    return null;
  }
}

/** The seed's answers, by the call they answer; nothing from what is not a seed. */
export function readSeed(seed: unknown): {
  of<C extends Channel>(channel: C, input: ChannelInput<C>): ChannelOutput<C> | undefined;
} {
  const answers = new Map<string, unknown>();
  const listed = (seed as Partial<FirstScreenSeed> | null)?.answers;
  for (const answer of Array.isArray(listed) ? (listed as unknown[]) : []) {
    const { channel, input, output } = (answer ?? {}) as Partial<SeededAnswer>;
    if (typeof channel === 'string' && input && typeof input === 'object')
      answers.set(seedKey(channel, input), output);
  }
  return {
    of: (channel, input) =>
      answers.get(seedKey(channel, input as Record<string, unknown>)) as
        ChannelOutput<typeof channel> | undefined,
  };
}

/** Resolves once every one of `answers` has come back, right or refused. */
function settleAll(answers: Promise<unknown>[]): Promise<void> {
  return Promise.allSettled(answers).then(() => undefined);
}
