import type { Handlers } from '../../shared/ipc/bridge';
import { dispatch } from '../../shared/ipc/bridge';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc/contract';
import { channels } from '../../shared/ipc/contract';
import type { FirstScreenSeed, SeededAnswer } from '../../shared/ipc/first-screen-seed';
import { FIRST_SCREEN_SEED_ID, SEEDED_LIBRARY_ITEMS } from '../../shared/ipc/first-screen-seed';
import { DEFAULT_LIBRARY_VIEW } from '../../shared/ipc/library-view-default';
import type {
  FirstScreenPrerender,
  PrerenderedScreen,
} from '../../shared/ipc/first-screen-prerender';
import { FIRST_SCREEN_GATE_SCRIPT, PRERENDERED_ATTRIBUTE } from '../../shared/first-screen-gate';

/**
 * The first screen's answers as the page would get them over the bridge (the same handlers, the
 * contract's input and output schemas), for index.html (shared/ipc/first-screen-seed.ts): the
 * account and settings; signed in, also the library's first page in its saved sort, the header's
 * sync status and balance, the toolbar's tags and saved searches. A call the core refuses is left
 * out: the page asks it as before and shows the error. The library's filters are the page's own
 * (its localStorage): the page takes the seeded page only when it has none.
 */
export async function firstScreenSeed(
  handlers: Handlers,
  onUnexpected?: (error: unknown, channel: string) => void,
): Promise<FirstScreenSeed> {
  const answers: SeededAnswer[] = [];
  const ask = async <C extends Channel>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<ChannelOutput<C> | undefined> => {
    const result = await dispatch(handlers, channel, input, onUnexpected);
    if (!result.ok) return undefined;
    const parsed = channels[channel].output.safeParse(result.value);
    if (!parsed.success) {
      onUnexpected?.(parsed.error, channel);
      return undefined;
    }
    const output = parsed.data as ChannelOutput<C>;
    answers.push({ channel, input, output } as SeededAnswer);
    return output;
  };
  const account = await ask('account.get', {});
  const settings = await ask('settings.get', {});
  if (!account?.signedIn) return { answers };
  const view = settings?.libraryView ?? DEFAULT_LIBRARY_VIEW;
  await ask('library.list', {
    sort: view.sort,
    direction: view.direction,
    offset: 0,
    limit: SEEDED_LIBRARY_ITEMS,
  });
  await ask('sync.status', {});
  await ask('wallet.get', {});
  await ask('tags.list', {});
  await ask('searches.list', {});
  return { answers };
}

/**
 * The seed as a JSON data block. `<`, `>` and `&` are escaped, so no value (a title is the
 * publisher's text) can close the element or open another; U+2028 and U+2029 for any reader
 * that takes it as script.
 */
export function seedElement(seed: FirstScreenSeed): string {
  const json = JSON.stringify(seed).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${FIRST_SCREEN_SEED_ID}">${json}</script>`;
}

/**
 * index.html with the first screen: the seed first in <head>, before the app's module scripts
 * and before any script put there earlier (the browser host's bridge looks for it as it runs);
 * and, given the renderer's prerender, the screen's markup in the app's root with the gate that
 * hides it from a page on another route or with filters (shared/first-screen-gate.ts), and the
 * theme on <html>. The markup is inert until the app takes it over: what is typed or clicked in
 * it before would be lost. Both transports serve it through this. Without its answers the page asks
 * them, as before: a seed that failed leaves index.html as it was, never blank; a prerender that
 * failed (reported to `onUnexpected`) leaves the seed alone.
 */
export async function withFirstScreen(
  html: string,
  seed: () => Promise<FirstScreenSeed>,
  prerender: FirstScreenPrerender | null = null,
  onUnexpected?: (error: unknown, channel: string) => void,
): Promise<string> {
  const answers = await seed().catch(() => null);
  if (answers === null) return html;
  const element = seedElement(answers);
  const seeded = /<head[^>]*>/i.test(html)
    ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${element}`)
    : element + html;
  let screen: PrerenderedScreen | null = null;
  try {
    screen = prerender?.(answers) ?? null;
  } catch (error) {
    onUnexpected?.(error, 'first-screen prerender');
  }
  if (!screen || !seeded.includes(EMPTY_ROOT)) return seeded;
  const { root, theme } = screen;
  return seeded
    .replace(
      EMPTY_ROOT,
      () =>
        `<script>${FIRST_SCREEN_GATE_SCRIPT}</script>` +
        `<div id="root"><div ${PRERENDERED_ATTRIBUTE} inert>${root}</div></div>`,
    )
    .replace(/<html\b/i, (tag) => (theme ? `${tag} data-theme="${theme}"` : tag));
}

/** The app's root as index.html has it (renderer/index.html). */
const EMPTY_ROOT = '<div id="root"></div>';
