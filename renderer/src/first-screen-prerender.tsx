import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import type { ShelfBridge } from '../../shared/ipc/bridge';
import type {
  FirstScreenPrerender,
  PrerenderedScreen,
} from '../../shared/ipc/first-screen-prerender';
import { App } from './app';
import { themeAttribute } from './hooks/use-theme';
import { readSeed, resetBoot, startBoot } from './lib/boot';
import { LIBRARY_PAGE_SIZE } from './lib/library-page';

/**
 * The first screen's markup from its seed, in Node, for whoever serves index.html
 * (shared/ipc/first-screen-prerender.ts, docs/design.md §7.5): the app itself, rendered once
 * to a string with the boot primed from the seed, as its first render in the page is: the same
 * tree (app-main.tsx), so the page's app can take the markup over (hydrate it).
 *
 * What that render reads of the page is given for its length only (renderToString is
 * synchronous; the host's other code never sees it): a bridge whose calls never answer (the seed
 * is every answer the first render takes; effects do not run here), the library route, no stored
 * filters (the page hides this markup when it has any: shared/first-screen-gate.ts).
 *
 * Nothing when the seed cannot make the screen the page would show: a library never laid out on
 * this machine (no saved viewport: its rows and columns are not known) or a seed without the
 * account.
 */
export const prerenderFirstScreen: FirstScreenPrerender = (seed) => {
  const answers = readSeed(seed);
  const account = answers.of('account.get', {});
  const settings = answers.of('settings.get', {});
  if (!account || !settings || (account.signedIn && !settings.libraryViewport)) return null;
  const root = inPage(() => {
    try {
      startBoot(LIBRARY_PAGE_SIZE, seed);
      return renderToString(
        <StrictMode>
          <App />
        </StrictMode>,
      );
    } finally {
      resetBoot();
    }
  });
  return { root, theme: themeAttribute(settings.theme) } satisfies PrerenderedScreen;
};

/** Runs `render` with the page's globals the first render reads, then puts back what was there. */
function inPage<T>(render: () => T): T {
  const scope = globalThis as { window?: unknown };
  const had = Object.hasOwn(scope, 'window');
  const before = scope.window;
  const shelf: Pick<ShelfBridge, 'invoke' | 'on'> = {
    invoke: () => new Promise(() => {}),
    on: () => () => {},
  };
  scope.window = {
    shelf,
    location: { hash: '' },
    localStorage: { getItem: () => null, setItem: () => {}, removeItem: () => {} },
  };
  try {
    return render();
  } finally {
    if (had) scope.window = before;
    else delete scope.window;
  }
}
