import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/bridge';
import { firstScreenSeed, seedElement } from '../../../main/core/first-screen-seed';
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
