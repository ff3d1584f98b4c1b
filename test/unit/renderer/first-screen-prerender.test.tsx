// @vitest-environment node
// The prerender runs in the host's Node process, where no page exists (design §7.5).
import { describe, expect, it } from 'vitest';
import { prerenderFirstScreen } from '../../../renderer/src/first-screen-prerender';
import type { Settings } from '../../../shared/ipc/contract';
import type { FirstScreenSeed, SeededAnswer } from '../../../shared/ipc/first-screen-seed';
import { SEEDED_LIBRARY_ITEMS } from '../../../shared/ipc/first-screen-seed';
import { DEFAULT_LIBRARY_VIEW } from '../../../shared/ipc/library-view-default';
import type { LibraryView } from '../../../shared/ipc/library-view';
import {
  sampleSignedInAccount,
  sampleSyncStatus,
  sampleTableSettings,
} from '../../fixtures/contract-samples';
import { libraryItem } from './fake-shelf';

const items = Array.from({ length: 40 }, (_, i) =>
  libraryItem({ title: `Book ${String(i).padStart(2, '0')}` }),
);

/** A signed-in seed as the host makes it (main/core/first-screen-seed.ts). */
function signedInSeed(settings: Partial<Settings>, view: LibraryView = DEFAULT_LIBRARY_VIEW) {
  const answers: SeededAnswer[] = [
    { channel: 'account.get', input: {}, output: sampleSignedInAccount },
    {
      channel: 'settings.get',
      input: {},
      output: { ...sampleTableSettings, libraryView: view, ...settings },
    },
    {
      channel: 'library.list',
      input: { sort: view.sort, direction: view.direction, offset: 0, limit: SEEDED_LIBRARY_ITEMS },
      output: { items, total: 100_000 },
    },
    { channel: 'sync.status', input: {}, output: sampleSyncStatus },
    { channel: 'wallet.get', input: {}, output: { balance: 1200, entries: [], asOf: null } },
    { channel: 'tags.list', input: {}, output: { tags: [] } },
    { channel: 'searches.list', input: {}, output: { searches: [] } },
  ];
  return { answers } satisfies FirstScreenSeed;
}

const cards = (html: string) =>
  [...html.matchAll(/class="card-title" title="([^"]+)"/g)].map((match) => match[1]);

describe("the first screen's prerender (the app's own render, in Node)", () => {
  it("lays the library out for the scroller's last measured size: its rows and columns, no more", () => {
    // 1,030 px: five 190 px columns; 420 px: rows 0 and 1 of 212 px on screen.
    const screen = prerenderFirstScreen(
      signedInSeed({ libraryViewport: { width: 1030, height: 420 }, theme: 'dark' }),
    );
    expect(screen?.theme).toBe('dark');
    const html = screen?.root ?? '';
    expect(cards(html)).toEqual(items.slice(0, 10).map((item) => item.title));
    expect(html).toContain('repeat(5, minmax(0, 1fr))');
    // The header and toolbar, from the seed's answers.
    expect(html).toContain('100,000 items');
    expect(html).toContain('1,200 points');
    expect(html).toContain('aria-current="page"');
    // Nothing of the page is left behind in the host's process.
    expect('window' in globalThis).toBe(false);
  });

  it('lays the table out too, its rows under the sticky header', () => {
    const html =
      prerenderFirstScreen(
        signedInSeed(
          { libraryViewport: { width: 1030, height: 420 } },
          { ...DEFAULT_LIBRARY_VIEW, layout: 'table' },
        ),
      )?.root ?? '';
    // (420 − 38 px of header) ÷ 40 px rows: rows 0 … 9.
    expect(html.match(/data-testid="library-row"/g)).toHaveLength(10);
    expect(html).toContain('Book 09');
    expect(html).not.toContain('Book 10');
  });

  it('makes nothing for a library never laid out here, and the sign-in screen when signed out', () => {
    expect(prerenderFirstScreen(signedInSeed({}))).toBeNull();
    expect(prerenderFirstScreen({ answers: [] })).toBeNull();
    const signedOut = prerenderFirstScreen({
      answers: [
        {
          channel: 'account.get',
          input: {},
          output: { signedIn: false, user: null, deviceId: null, serverUrl: 'http://127.0.0.1:1' },
        },
        { channel: 'settings.get', input: {}, output: sampleTableSettings },
      ],
    });
    expect(signedOut?.root).toContain('Sign in to Shelfkeeper');
    expect(signedOut?.theme).toBeNull();
  });

  it('puts back a window that was there, and renders again from a fresh boot each time', () => {
    const scope = globalThis as { window?: unknown };
    const mine = { mine: true };
    scope.window = mine;
    try {
      const seed = signedInSeed({ libraryViewport: { width: 400, height: 200 } });
      const first = prerenderFirstScreen(seed)?.root;
      expect(scope.window).toBe(mine);
      expect(prerenderFirstScreen(seed)?.root).toBe(first);
      expect(cards(first ?? '')).toEqual(['Book 00', 'Book 01']);
    } finally {
      delete scope.window;
    }
  });
});
