import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/bridge';
import {
  firstScreenSeed,
  seedElement,
  withFirstScreen,
} from '../../../main/core/first-screen-seed';
import type { FirstScreenSeed } from '../../../shared/ipc/first-screen-seed';
import { FIRST_SCREEN_GATE_SCRIPT } from '../../../shared/first-screen-gate';
import { libraryItem } from '../renderer/fake-shelf';
import {
  sampleSignedInAccount,
  sampleSyncStatus,
  sampleTableSettings,
} from '../../fixtures/contract-samples';

const signedIn = sampleSignedInAccount;
const settings = { ...sampleTableSettings, theme: 'dark' as const };
const syncStatus = sampleSyncStatus;

/** The first screen's handlers, the rest of the contract absent (never asked by the seed). */
function handlers(overrides: Partial<Record<string, (input: never) => unknown>> = {}): Handlers {
  const asked: unknown[] = [];
  const base: Record<string, (input: never) => unknown> = {
    'account.get': () => signedIn,
    'settings.get': () => settings,
    'library.list': (input) => {
      asked.push(input);
      return { items: [libraryItem({ title: 'Seeded' })], total: 1 };
    },
    'sync.status': () => syncStatus,
    'wallet.get': () => ({ balance: 5, entries: [], asOf: null }),
    'tags.list': () => ({ tags: [] }),
    'searches.list': () => ({ searches: [] }),
    ...overrides,
  };
  return base as unknown as Handlers;
}

describe("firstScreenSeed: the first screen's answers for index.html", () => {
  it('answers as the bridge would: the saved sort, a whole page, each output parsed by the contract', async () => {
    const seed = await firstScreenSeed(
      handlers({
        // A field the contract does not name never reaches the page, as over the bridge.
        'account.get': () => ({ ...signedIn, token: 'secret-session-token' }),
      }),
    );
    expect(seed.answers.map((a) => a.channel)).toEqual([
      'account.get',
      'settings.get',
      'library.list',
      'sync.status',
      'wallet.get',
      'tags.list',
      'searches.list',
    ]);
    expect(seed.answers[2]?.input).toEqual({
      sort: 'creator',
      direction: 'desc',
      offset: 0,
      limit: 100,
    });
    expect(JSON.stringify(seed)).not.toContain('secret-session-token');
    expect(seed.answers[0]?.output).toEqual(signedIn);
  });

  it('holds only the account and settings when signed out, and leaves out what the core refuses', async () => {
    const signedOut = await firstScreenSeed(
      handlers({ 'account.get': () => ({ ...signedIn, signedIn: false, user: null }) }),
    );
    expect(signedOut.answers.map((a) => a.channel)).toEqual(['account.get', 'settings.get']);

    const unexpected: string[] = [];
    const partial = await firstScreenSeed(
      handlers({
        'wallet.get': () => {
          throw new AppError('NOT_SIGNED_IN');
        },
        // Not what the contract says: left out, and reported.
        'tags.list': () => ({ tags: 'none' }),
      }),
      (_error, channel) => unexpected.push(channel),
    );
    expect(partial.answers.map((a) => a.channel)).not.toContain('wallet.get');
    expect(partial.answers.map((a) => a.channel)).not.toContain('tags.list');
    expect(unexpected).toEqual(['tags.list']);
  });

  it('is a data block no value can close or turn into markup', () => {
    const hostile = '</script><script>alert(1)</script><!-- & \u2028';
    const element = seedElement({
      answers: [
        { channel: 'tags.list', input: {}, output: { tags: [{ tag: hostile, items: 1 }] } },
      ],
    });
    expect(element.match(/</g)).toHaveLength(2);
    const json = /^<script type="application\/json" id="shelf-first-screen">(.*)<\/script>$/s.exec(
      element,
    )?.[1];
    expect(JSON.parse(json ?? 'null').answers[0].output.tags[0].tag).toBe(hostile);
  });
});

describe('withFirstScreen: index.html with the seed and the prerendered markup', () => {
  const html =
    '<!doctype html><html lang="en"><head><title>app</title></head><body><div id="root"></div></body></html>';
  const seed: FirstScreenSeed = {
    answers: [{ channel: 'account.get', input: {}, output: sampleSignedInAccount }],
  };

  it("writes the markup into the app's root, inert, behind the gate, and the theme on <html>", async () => {
    const given: FirstScreenSeed[] = [];
    const out = await withFirstScreen(
      html,
      () => Promise.resolve(seed),
      (answers) => {
        given.push(answers);
        return { root: '<main>$& the library $1</main>', theme: 'dark' };
      },
    );
    expect(given).toEqual([seed]);
    expect(out).toContain('<html data-theme="dark" lang="en">');
    // `$` patterns in the markup are text, never replacement patterns.
    expect(out).toContain(
      `<script>${FIRST_SCREEN_GATE_SCRIPT}</script><div id="root"><div data-prerendered inert><main>$& the library $1</main></div></div>`,
    );
    expect(out.indexOf('id="shelf-first-screen"')).toBeLessThan(out.indexOf('data-prerendered'));
  });

  it('leaves the seed alone when there is no markup: none made, a prerender that failed, no empty root', async () => {
    const failures: unknown[] = [];
    const seedOnly = (out: string) => {
      expect(out).toContain('id="shelf-first-screen"');
      expect(out).toContain('<div id="root"></div>');
      expect(out).not.toContain('data-prerendered');
      expect(out).not.toContain('data-theme');
    };
    seedOnly(await withFirstScreen(html, () => Promise.resolve(seed), null));
    seedOnly(
      await withFirstScreen(
        html,
        () => Promise.resolve(seed),
        () => null,
      ),
    );
    seedOnly(
      await withFirstScreen(
        html,
        () => Promise.resolve(seed),
        () => {
          throw new Error('a component threw');
        },
        (error) => failures.push(error),
      ),
    );
    expect(failures).toHaveLength(1);
    const other = await withFirstScreen(
      html.replace('<div id="root"></div>', '<div id="app"></div>'),
      () => Promise.resolve(seed),
      () => ({ root: '<main></main>', theme: null }),
    );
    expect(other).toContain('id="shelf-first-screen"');
    expect(other).not.toContain('data-prerendered');
    // No seed: index.html as it was, whatever the prerender.
    expect(
      await withFirstScreen(
        html,
        () => Promise.reject(new Error('closing')),
        () => ({ root: '<main></main>', theme: 'dark' }),
      ),
    ).toBe(html);
  });
});
