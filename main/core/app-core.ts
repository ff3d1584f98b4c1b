import { mkdirSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import type { Handlers } from '../../shared/ipc/bridge';
import type { AppCore, AppCoreOptions } from './app-core-api';
import { ApiClient } from './api/api-client';
import { silentLogger, type CoreContext } from './core-context';
import { CoreEvents } from './events';
import { accountHandlers } from './handlers/account-handlers';
import { deviceHandlers } from './handlers/device-handlers';
import { libraryHandlers } from './handlers/library-handlers';
import { placesHandlers } from './handlers/places-handlers';
import { returnHandlers } from './handlers/returns-handlers';
import { storeHandlers } from './handlers/store-handlers';
import { tagHandlers } from './handlers/tag-handlers';
import { walletHandlers } from './handlers/wallet-handlers';
import { settingsDownloadMarker } from './library/download-mark';
import { Downloads } from './library/downloads';
import { SHIPPED_LICENSE_ROOTS } from './license-roots';
import { openContentStream } from './library/open-content';
import { VerifiedHandoff } from './library/verified-handoff';
import { ReturnFlow } from './returns/return-flow';
import { recoverReturns } from './returns/return-receipt';
import { openStore } from './store/store';
import { DEFAULT_BACKOFF } from './sync/backoff';
import { SyncEngine } from './sync/sync-engine';
import { Vault } from './vault/vault';
import { sessionToken } from './session';
import { updatesManagedElsewhere } from './updates';

const DEFAULT_SYNC_INTERVAL_MS = 30_000;

/**
 * Opens the app core: the encrypted store (STORE_KEY_INVALID if the key does not fit; the store
 * is never recreated), the vault, the sync engine, and one handler per IPC channel. At start it
 * finishes interrupted returns and removes orphan vault files before anything else runs.
 */
export async function openAppCore(options: AppCoreOptions): Promise<AppCore> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? Date.now;
  const store = await openStore(options.dataDir, options.keyProvider);
  const events = new CoreEvents(logger);
  let sync: SyncEngine | null = null;

  const api = new ApiClient(
    () => options.settings.get().serverUrl,
    () => sessionToken(store.account.get(), options.settings.get().serverUrl),
    options.requestTimeoutMs,
    (reachable) => sync?.noteReachable(reachable),
    () => {
      // The session expired or the device was removed: the user must sign in again; queued
      // returns stay queued (NOT_SIGNED_IN is transient) and go out after the next sign-in.
      store.account.clearToken();
      events.emit('library.changed', { reason: 'signOut' });
    },
  );
  const ctx: CoreContext = {
    store,
    vault: new Vault(options.dataDir),
    api,
    events,
    logger,
    settings: options.settings,
    deviceName: options.deviceName ?? `Shelfkeeper on ${hostname()}`.slice(0, 100),
    contentUrl: options.contentUrl,
    pickFolder: options.pickFolder ?? null,
    markDownload:
      options.markDownload ?? settingsDownloadMarker(options.settings, () => new Date(clock())),
    faults: options.faults ?? {},
    licenseRoots: options.licenseRoots ?? SHIPPED_LICENSE_ROOTS,
    now: () => new Date(clock()).toISOString(),
    uptimeMs: options.uptime ?? (() => uptime() * 1000),
    isOnline: () => sync?.isOnline() ?? true,
    requestSync: () => sync?.request(),
  };
  const returns = new ReturnFlow(ctx);
  const downloads = new Downloads(ctx);
  const handoff = new VerifiedHandoff();
  const engine = new SyncEngine(
    ctx,
    returns,
    options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
    { ...DEFAULT_BACKOFF, ...options.backoff },
    options.catalogCovers ?? true,
  );
  sync = engine;
  // A return requested, cancelled, refused or confirmed changes the queued count that every
  // screen's header shows: it follows at once, before the call that changed it answers, rather
  // than at the next sync run or when the coalesced `library.changed` goes out (events.ts).
  const stopStatusFollow = events.watch((event, payload) => {
    if (event === 'library.changed' && 'reason' in payload && payload.reason === 'return')
      engine.publishStatus();
  });

  try {
    await recoverReturns(ctx);
  } catch (error) {
    store.close();
    throw error;
  }

  const updates = options.updates ?? updatesManagedElsewhere;
  const stopUpdates = updates.subscribe((state) => events.emit('update.status', state));
  const handlers: Handlers = {
    ...accountHandlers(ctx, engine),
    ...libraryHandlers(ctx, downloads, handoff),
    ...storeHandlers(ctx),
    ...returnHandlers(ctx, returns),
    ...walletHandlers(ctx),
    ...placesHandlers(ctx),
    ...tagHandlers(ctx),
    ...deviceHandlers(ctx),
    'sync.status': () => engine.status(),
    'sync.now': () => engine.runNow(),
    'update.status': () => updates.state(),
    'update.check': () => updates.check(),
    'update.install': () => {
      updates.install();
      return { restarting: true };
    },
  };

  if (options.syncOnStart !== false) engine.request();

  let closed = false;
  return {
    handlers,
    subscribe: (listener) => events.subscribe(listener),
    openContent: (contentId) => openContentStream(ctx, contentId, handoff),
    async close() {
      if (closed) return;
      closed = true;
      stopUpdates();
      stopStatusFollow();
      engine.close();
      downloads.cancelAll();
      handoff.drop();
      await engine.idle();
      events.close();
      store.close();
    },
  };
}
