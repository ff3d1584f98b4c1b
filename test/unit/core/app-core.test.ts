import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../shared/ipc/bridge';
import { channelNames } from '../../../shared/ipc/contract';
import { openAppCore } from '../../../main/core/app-core';
import type { AppCore } from '../../../main/core/app-core-api';
import { jsonSettingsStore } from '../../../main/core/json-settings-store';
import { fileKeyProvider } from '../../../main/core/key-provider';
import { openStore } from '../../../main/core/store/store';
import { licenseSigner, tempDir, throwawayKey } from '../../fixtures/core-fixtures';
import { addLibraryItems } from '../../fixtures/library-items';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openOffline(dir = tempDir(), key = throwawayKey().provider): Promise<AppCore> {
  cleanups.push(dir.remove);
  const core = await openAppCore({
    dataDir: dir.path,
    keyProvider: key,
    settings: jsonSettingsStore(join(dir.path, 'settings.json'), {
      serverUrl: 'http://127.0.0.1:9',
      theme: 'system',
    }),
    contentUrl: (id) => `shelf://content/${id}`,
    syncIntervalMs: 0,
  });
  cleanups.push(() => core.close());
  return core;
}

describe('openAppCore', () => {
  it('implements every channel of the contract', async () => {
    const core = await openOffline();
    expect(Object.keys(core.handlers).sort()).toEqual([...channelNames].sort());
  });

  it('answers through dispatch while signed out and offline', async () => {
    const core = await openOffline();
    const call = (channel: string, input: unknown = {}) => dispatch(core.handlers, channel, input);
    expect(await call('account.get')).toMatchObject({
      ok: true,
      value: { signedIn: false, user: null },
    });
    expect(await call('library.list', {})).toEqual({ ok: true, value: { items: [], total: 0 } });
    expect(await call('library.counts')).toEqual({
      ok: true,
      value: { total: 0, downloaded: 0, returnPending: 0, byKind: {} },
    });
    expect(await call('wallet.get')).toEqual({
      ok: true,
      value: { balance: 0, entries: [], asOf: null },
    });
    expect(await call('returns.list')).toEqual({ ok: true, value: { queued: [], receipts: [] } });
    expect(await call('sync.now')).toMatchObject({
      ok: true,
      value: { queuedReturns: 0, syncing: false },
    });
    expect(await call('store.list', {})).toMatchObject({
      ok: false,
      error: { code: 'SERVER_UNREACHABLE' },
    });
    expect(await call('account.signIn', { email: 'a@example.test', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'SERVER_UNREACHABLE' },
    });
    expect(await call('content.open', { contentId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const csv = await call('wallet.exportCsv', { what: 'ledger' });
    expect(csv).toMatchObject({
      ok: true,
      value: { csv: 'date,delta,reason,title,version,reference,balance_after,entry_id\r\n' },
    });
  });

  it("reads the empty box's type-ahead at its start, and drops it at a library change", async () => {
    const dir = tempDir();
    const key = throwawayKey().provider;
    const store = await openStore(dir.path, key);
    const ids = addLibraryItems(store, {
      signer: licenseSigner(),
      userId: '00000000-0000-4000-8000-000000000001',
      words: ['amber', 'birch', 'cedar'],
      count: 30,
    });
    store.close();
    const core = await openOffline(dir, key);
    const input = { query: '', sort: 'title', direction: 'asc', limit: 5 } as const;
    // Read in the background once the store's warm-up is done; each screen the list's own.
    await vi.waitFor(async () =>
      expect((await core.handlers['library.prefetch'](input)).answers.length).toBeGreaterThan(1),
    );
    for (const { query, page } of (await core.handlers['library.prefetch'](input)).answers)
      expect(page).toEqual(await core.handlers['library.list']({ ...input, query, offset: 0 }));
    await core.handlers['tags.apply']({ contentIds: [ids[0] ?? ''], add: ['kept'], remove: [] });
    expect((await core.handlers['library.prefetch'](input)).answers).toEqual([]);
  });

  it('keeps settings and reports the offline state in sync.status events', async () => {
    const core = await openOffline();
    const seen: string[] = [];
    core.subscribe((event) => seen.push(event));
    expect(await core.handlers['settings.set']({ theme: 'dark' })).toEqual({
      serverUrl: 'http://127.0.0.1:9',
      theme: 'dark',
    });
    expect(core.handlers['settings.get']({})).toEqual({
      serverUrl: 'http://127.0.0.1:9',
      theme: 'dark',
    });
    await dispatch(core.handlers, 'store.list', {});
    const status = await core.handlers['sync.status']({});
    expect(status.online).toBe(false);
    expect(seen).toContain('sync.status');
  });

  it('refuses to open a store with another key, leaving it intact', async () => {
    const dir = tempDir();
    const keyFile = join(dir.path, 'store.key');
    const first = await openAppCore({
      dataDir: dir.path,
      keyProvider: fileKeyProvider(keyFile),
      settings: jsonSettingsStore(join(dir.path, 'settings.json')),
      contentUrl: (id) => id,
      syncIntervalMs: 0,
    });
    await first.close();
    cleanups.push(dir.remove);
    await expect(
      openAppCore({
        dataDir: dir.path,
        keyProvider: throwawayKey().provider,
        settings: jsonSettingsStore(join(dir.path, 'settings.json')),
        contentUrl: (id) => id,
      }),
    ).rejects.toMatchObject({ code: 'STORE_KEY_INVALID' });
    const again = await openAppCore({
      dataDir: dir.path,
      keyProvider: fileKeyProvider(keyFile),
      settings: jsonSettingsStore(join(dir.path, 'settings.json')),
      contentUrl: (id) => id,
      syncIntervalMs: 0,
    });
    await again.close();
  });
});
