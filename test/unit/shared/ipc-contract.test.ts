import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createShelfBridge, dispatch, type Handlers } from '../../../shared/ipc/bridge';
import { channelNames, channels, eventNames, events } from '../../../shared/ipc/contract';
import { now, sampleCatalogItem, sampleReceipt } from '../../fixtures/contract-samples';

const id = () => randomUUID();
const account = {
  signedIn: true,
  user: { id: id(), email: 'a@example.com', name: 'Ann' },
  deviceId: id(),
  serverUrl: 'http://127.0.0.1:8787',
};
const settings = { serverUrl: 'http://127.0.0.1:8787', theme: 'system' };
const libraryItem = {
  contentId: id(),
  productId: id(),
  licenseId: id(),
  title: 'T',
  creator: 'C',
  kind: 'ebook',
  version: 1,
  latestVersion: 2,
  mime: 'text/plain',
  size: 10,
  addedAt: now(),
  issuedAt: now(),
  priceCents: 999,
  returnDeadline: null,
  downloaded: false,
  state: 'active',
  hasCover: false,
  tags: ['to read'],
  lastReturnError: null,
};
const status = {
  online: true,
  syncing: false,
  lastSyncAt: now(),
  queuedReturns: 0,
  lastError: null,
  nextRetryAt: null,
};
const receipt = sampleReceipt();
const storeItem = { ...sampleCatalogItem(), owned: false, held: null };

/** A valid input and output per channel, plus one invalid input and the path it must name. */
const samples: Record<
  string,
  { input: unknown; output: unknown; badInput: unknown; badPath: string }
> = {
  'account.get': { input: {}, output: account, badInput: { extra: 1 }, badPath: '$' },
  'account.signIn': {
    input: { email: 'a@example.com', password: 'x' },
    output: account,
    badInput: { email: 'x', password: 'x' },
    badPath: 'email',
  },
  'account.signOut': {
    input: {},
    output: { ...account, signedIn: false, user: null },
    badInput: [],
    badPath: '$',
  },
  'account.register': {
    input: { email: 'a@example.com', password: 'long enough', name: 'Ann' },
    output: { email: 'a@example.com' },
    badInput: { email: 'a@example.com', password: 'short', name: 'Ann' },
    badPath: 'password',
  },
  'account.resendConfirmation': {
    input: { email: 'a@example.com' },
    output: { email: 'a@example.com' },
    badInput: { email: 'nope' },
    badPath: 'email',
  },
  'account.requestPasswordReset': {
    input: { email: 'a@example.com' },
    output: { email: 'a@example.com' },
    badInput: {},
    badPath: 'email',
  },
  'account.changePassword': {
    input: { currentPassword: 'old', newPassword: 'long enough' },
    output: { otherSessionsEnded: 2 },
    badInput: { currentPassword: 'old', newPassword: 'short' },
    badPath: 'newPassword',
  },
  'settings.get': { input: {}, output: settings, badInput: 'x', badPath: '$' },
  'settings.set': {
    input: { theme: 'dark' },
    output: settings,
    badInput: { serverUrl: 'ftp://x' },
    badPath: 'serverUrl',
  },
  'library.list': {
    input: { query: 'qu', sort: 'creator', limit: 50 },
    output: { items: [libraryItem], total: 1 },
    badInput: { sort: 'price' },
    badPath: 'sort',
  },
  'library.prefetch': {
    input: { query: 'qu', sort: 'creator', limit: 20 },
    output: { answers: [{ query: 'qui', page: { items: [libraryItem], total: 1 } }] },
    // A screen larger than a page.
    badInput: { query: '', limit: 101 },
    badPath: 'limit',
  },
  'library.get': {
    input: { contentId: id() },
    output: {
      ...libraryItem,
      description: '',
      sha256: 'a'.repeat(64),
      purchaseId: id(),
      licenseValid: true,
      offlineUntil: now(),
      offlineClockBehind: false,
      pendingReturnKind: null,
      returnSending: false,
      returnPolicy: null,
      cannotReturn: { code: 'NOT_RETURNABLE', freesAt: null },
    },
    badInput: { contentId: 'x' },
    badPath: 'contentId',
  },
  'library.counts': {
    input: {},
    output: { total: 1, downloaded: 0, returnPending: 0, byKind: { ebook: 1 } },
    badInput: null,
    badPath: '$',
  },
  'library.ids': {
    input: { tag: 'to read', sort: 'size' },
    output: { contentIds: [id()] },
    badInput: { tag: ' ' },
    badPath: 'tag',
  },
  'library.cover': {
    input: { contentId: id() },
    output: { dataUrl: 'data:image/png;base64,iVBORw0KGgo=', fromCatalog: true },
    badInput: { contentId: 'x' },
    badPath: 'contentId',
  },
  'store.cover': {
    input: { contentId: id() },
    output: { dataUrl: 'data:image/webp;base64,UklGRg==' },
    badInput: { contentId: 'x' },
    badPath: 'contentId',
  },
  'library.setCover': {
    input: { contentId: id(), dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
    output: { kept: true },
    badInput: { contentId: id(), dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' },
    badPath: 'dataUrl',
  },
  'library.exportCsv': {
    input: { contentIds: [id()] },
    output: { filename: 'library.csv', csv: 'title\r\n' },
    badInput: { contentIds: [] },
    badPath: 'contentIds',
  },
  'content.saveToFolder': {
    input: { contentId: id() },
    output: { method: 'folder', folder: '/home/u/Apps', files: ['Tool/bin/tool'] },
    badInput: { contentId: '../x' },
    badPath: 'contentId',
  },
  'content.removeLocal': {
    input: { contentIds: [id(), id()] },
    output: { removed: 2 },
    badInput: { contentIds: ['x'] },
    badPath: 'contentIds.0',
  },
  'tags.list': {
    input: {},
    output: { tags: [{ tag: 'to read', items: 3 }] },
    badInput: { all: true },
    badPath: '$',
  },
  'tags.apply': {
    input: { contentIds: [id()], add: ['Favourites'] },
    output: { changed: 1 },
    badInput: { contentIds: [id()], add: ['#bad'] },
    badPath: 'add.0',
  },
  'searches.list': {
    input: {},
    output: { searches: [{ id: 1, name: 'Ada', query: 'creator:ada', createdAt: now() }] },
    badInput: 1,
    badPath: '$',
  },
  'searches.save': {
    input: { name: 'Ebooks to read', query: 'kind:ebook tag:"to read"' },
    output: { id: 2, name: 'Ebooks to read', query: 'kind:ebook tag:"to read"', createdAt: now() },
    badInput: { name: '', query: 'x' },
    badPath: 'name',
  },
  'searches.delete': {
    input: { id: 2 },
    output: { deleted: true },
    badInput: { id: 0 },
    badPath: 'id',
  },
  'content.download': {
    input: { contentId: id() },
    output: { contentId: id(), downloaded: true },
    badInput: {},
    badPath: 'contentId',
  },
  'content.cancelDownload': {
    input: { contentId: id() },
    output: { cancelled: false },
    badInput: { contentId: 1 },
    badPath: 'contentId',
  },
  'content.open': {
    input: { contentId: id() },
    output: {
      contentId: id(),
      title: 'T',
      mime: 'text/plain',
      kind: 'audio',
      url: 'shelf://content/x',
      chapters: [{ title: 'One', start: 0 }],
    },
    badInput: {},
    badPath: 'contentId',
  },
  'store.list': {
    input: { q: 'x' },
    output: { items: [storeItem], nextCursor: null },
    badInput: { kind: 'vinyl' },
    badPath: 'kind',
  },
  'store.get': {
    input: { contentId: id() },
    output: storeItem,
    badInput: {},
    badPath: 'contentId',
  },
  'store.buy': {
    input: { contentId: id(), pointsToUse: 10 },
    output: { contentId: id(), licenseId: id(), balance: 0, order: null, testPayment: true },
    badInput: { contentId: id(), pointsToUse: -1 },
    badPath: 'pointsToUse',
  },
  'store.order': {
    input: { orderId: id() },
    output: {
      id: id(),
      contentId: id(),
      state: 'paid',
      priceCents: 500,
      pointsHeld: 0,
      moneyDueCents: 500,
      currency: 'usd',
      provider: 'test',
      testPayment: true,
      checkoutUrl: null,
      purchaseId: id(),
      licenseId: id(),
      refund: null,
      createdAt: new Date().toISOString(),
      expiresAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    },
    badInput: { orderId: 'x' },
    badPath: 'orderId',
  },
  'returns.options': {
    input: { contentId: id() },
    output: {
      quote: null,
      refusal: null,
      offline: true,
      offlineKinds: ['buyback'],
      policy: { windowDays: 30, buybackRatePct: 50, tradeIn: null, limitPer30Days: 2 },
      limit: { allowed: 2, used: 1, periodDays: 30, nextFreeAt: null },
      returnDeadline: now(),
      deletes: { title: 'T', downloaded: true, size: 10 },
    },
    badInput: {},
    badPath: 'contentId',
  },
  'returns.request': {
    input: { contentId: id(), kind: 'buyback' },
    output: { returnId: id(), status: 'confirmed', receipt },
    badInput: { contentId: id(), kind: 'swap' },
    badPath: 'kind',
  },
  'returns.cancel': {
    input: { contentId: id() },
    output: { cancelled: true },
    badInput: {},
    badPath: 'contentId',
  },
  'returns.bulkQuote': {
    input: { contentIds: [id(), id()], kind: 'buyback' },
    output: {
      items: [
        {
          contentId: id(),
          title: 'T',
          quote: {
            status: 'offered',
            quoteId: id(),
            licenseId: id(),
            expiresAt: now(),
            returnDeadline: null,
            policy: null,
            limit: null,
            options: [
              {
                kind: 'buyback',
                privilege: { type: 'points', points: 700 },
                basis: 'buyback_rate',
                ratePct: 70,
              },
            ],
          },
          choice: {
            kind: 'buyback',
            privilege: { type: 'points', points: 700 },
            basis: 'buyback_rate',
            ratePct: 70,
          },
          offlineKinds: ['buyback'],
          error: null,
        },
        {
          contentId: id(),
          title: '',
          quote: null,
          choice: null,
          offlineKinds: [],
          error: { code: 'NOT_FOUND', message: 'This content is not in your library' },
        },
      ],
      totals: { returnable: 1, refused: 1, points: 700, upgrades: 0 },
      offline: false,
    },
    badInput: { contentIds: [] },
    badPath: 'contentIds',
  },
  'returns.bulkConfirm': {
    input: { items: [{ contentId: id(), kind: 'trade_in', quoteId: id() }] },
    output: {
      items: [
        { contentId: id(), returnId: id(), status: 'confirmed', receipt, error: null },
        { contentId: id(), returnId: id(), status: 'queued', receipt: null, error: null },
        {
          contentId: id(),
          returnId: null,
          status: 'refused',
          receipt: null,
          error: { code: 'LICENSE_LOCKED', message: 'locked' },
        },
      ],
    },
    badInput: { items: [{ contentId: id(), kind: 'swap' }] },
    badPath: 'items.0.kind',
  },
  'returns.list': {
    input: {},
    output: { queued: [], receipts: [receipt] },
    badInput: { all: true },
    badPath: '$',
  },
  'places.get': {
    input: { contentId: id() },
    output: { position: 'epubcfi(/6/4!/4/2/1:0)', bookmarks: [] },
    badInput: { contentId: 'book' },
    badPath: 'contentId',
  },
  'places.setPosition': {
    input: { contentId: id(), position: '3@1.25' },
    output: { updatedAt: new Date().toISOString() },
    badInput: { contentId: id(), position: '' },
    badPath: 'position',
  },
  'places.addBookmark': {
    input: { contentId: id(), position: '42.5', label: 'The storm' },
    output: {
      bookmarkId: id(),
      contentId: id(),
      position: '42.5',
      label: 'The storm',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    },
    badInput: { contentId: id(), position: '42.5', label: '   ' },
    badPath: 'label',
  },
  'places.deleteBookmark': {
    input: { bookmarkId: id() },
    output: { deleted: true },
    badInput: { bookmarkId: 7 },
    badPath: 'bookmarkId',
  },
  'devices.list': {
    input: {},
    output: {
      devices: [{ id: id(), name: 'Laptop', createdAt: now(), lastSeenAt: now(), current: true }],
    },
    badInput: { all: 1 },
    badPath: '$',
  },
  'devices.rename': {
    input: { deviceId: id(), name: 'Kitchen tablet' },
    output: {
      id: id(),
      name: 'Kitchen tablet',
      createdAt: now(),
      lastSeenAt: now(),
      current: false,
    },
    badInput: { deviceId: id(), name: '' },
    badPath: 'name',
  },
  'devices.remove': {
    input: { deviceId: id() },
    output: { removed: true },
    badInput: { deviceId: 'me' },
    badPath: 'deviceId',
  },
  'wallet.get': {
    input: {},
    output: { balance: 0, entries: [], asOf: null },
    badInput: 1,
    badPath: '$',
  },
  'wallet.orders': {
    input: {},
    output: { orders: [] },
    badInput: 1,
    badPath: '$',
  },
  'wallet.exportCsv': {
    input: { what: 'ledger' },
    output: { filename: 'ledger.csv', csv: 'a,b\n' },
    badInput: { what: 'all' },
    badPath: 'what',
  },
  'sync.status': { input: {}, output: status, badInput: { now: true }, badPath: '$' },
  'sync.now': { input: {}, output: status, badInput: { now: true }, badPath: '$' },
  'update.status': {
    input: {},
    output: { status: 'downloading', version: '0.2.0', percent: 42.5, message: null },
    badInput: { force: true },
    badPath: '$',
  },
  'update.check': {
    input: {},
    output: { status: 'up-to-date', version: null, percent: null, message: null },
    badInput: null,
    badPath: '$',
  },
  'update.install': { input: {}, output: { restarting: true }, badInput: [], badPath: '$' },
};

describe('IPC contract', () => {
  it('has samples for exactly the contract channels', () => {
    expect(Object.keys(samples).sort()).toEqual([...channelNames].sort());
  });

  for (const name of channelNames) {
    const sample = samples[name];
    if (!sample) continue;
    it(`${name}: parses its sample input and output and rejects a bad input`, () => {
      expect(channels[name].input.safeParse(sample.input).success).toBe(true);
      expect(channels[name].output.safeParse(sample.output).success).toBe(true);
      const bad = channels[name].input.safeParse(sample.badInput);
      expect(bad.success).toBe(false);
      if (!bad.success)
        expect(bad.error.issues.map((i) => (i.path.length ? i.path.join('.') : '$'))).toContain(
          sample.badPath,
        );
    });
  }

  it('declares events with schemas', () => {
    expect(eventNames).toContain('return.confirmed');
    expect(
      events['download.progress'].safeParse({ contentId: id(), receivedBytes: 5, totalBytes: 10 })
        .success,
    ).toBe(true);
    expect(
      events['download.progress'].safeParse({ contentId: id(), receivedBytes: -5, totalBytes: 10 })
        .success,
    ).toBe(false);
  });
});

function handlersReturning(overrides: Partial<Handlers>): Handlers {
  const all = Object.fromEntries(
    channelNames.map((name) => [name, () => samples[name]?.output]),
  ) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('dispatch and the bridge', () => {
  it('refuses an unknown channel and an invalid payload with typed errors', async () => {
    const handlers = handlersReturning({});
    expect(await dispatch(handlers, 'fs.readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    const result = await dispatch(handlers, 'library.get', { contentId: 'nope' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', issues: [{ path: 'contentId' }] },
    });
  });

  it('turns an AppError into its code and anything else into INTERNAL without a stack', async () => {
    let seen: unknown;
    const handlers = handlersReturning({
      'sync.now': () => {
        throw new AppError('OFFLINE');
      },
      'sync.status': () => {
        throw new Error('secret stack detail');
      },
    });
    expect(await dispatch(handlers, 'sync.now', {})).toMatchObject({
      ok: false,
      error: { code: 'OFFLINE' },
    });
    const internal = await dispatch(handlers, 'sync.status', {}, (error) => {
      seen = error;
    });
    expect(internal).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.any(String) },
    });
    expect(JSON.stringify(internal)).not.toContain('secret');
    expect(seen).toBeInstanceOf(Error);
  });

  it('round-trips a call through a transport and throws AppError for failures', async () => {
    const handlers = handlersReturning({
      'returns.cancel': () => {
        throw new AppError('RETURN_NOT_CANCELLABLE');
      },
    });
    const listeners = new Map<string, (payload: unknown) => void>();
    const bridge = createShelfBridge({
      invoke: (channel, input) => dispatch(handlers, channel, input),
      subscribe: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    });
    await expect(bridge.invoke('settings.get', {})).resolves.toEqual(settings);
    await expect(bridge.invoke('returns.cancel', { contentId: id() })).rejects.toMatchObject({
      code: 'RETURN_NOT_CANCELLABLE',
    });
    const got: number[] = [];
    bridge.on('wallet.changed', (payload) => got.push(payload.balance));
    listeners.get('wallet.changed')?.({ balance: 7, at: now() });
    listeners.get('wallet.changed')?.({ balance: 'seven' });
    expect(got).toEqual([7]);
  });

  it('validates what main answers', async () => {
    const bridge = createShelfBridge({
      invoke: async () => ({ ok: true, value: { balance: -1, entries: [], asOf: null } }),
      subscribe: () => () => {},
    });
    await expect(bridge.invoke('wallet.get', {})).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
