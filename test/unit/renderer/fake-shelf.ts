import { randomUUID } from 'node:crypto';
import type { BridgeTransport, Handlers } from '../../../shared/ipc/bridge';
import { createShelfBridge, dispatch } from '../../../shared/ipc/bridge';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import type { LibraryItem, LibraryItemDetail } from '../../../shared/ipc/library';
import { AppError } from '../../../shared/errors';
import type { SeededAnswer } from '../../../shared/ipc/first-screen-seed';
import { FIRST_SCREEN_SEED_ID } from '../../../shared/ipc/first-screen-seed';

/**
 * A `window.shelf` for component tests: the real bridge (output validation, error mapping) over
 * an in-memory transport whose handlers each test provides. Channels a test did not expect
 * answer INTERNAL, so an unexpected call shows up as an error on screen.
 */
export function installFakeShelf(handlers: Partial<Handlers>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { channel: string; input: unknown }[] = [];
  const all = new Proxy(handlers, {
    get: (target, name: string) =>
      target[name as keyof Handlers] ??
      (() => {
        throw new AppError('INTERNAL', `the test did not expect ${name}`);
      }),
  }) as Handlers;
  const transport: BridgeTransport = {
    invoke: async (channel, input) => {
      calls.push({ channel, input });
      return dispatch(all, channel, input);
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  window.shelf = createShelfBridge(transport);
  return {
    calls,
    callsTo: (channel: string) => calls.filter((c) => c.channel === channel).map((c) => c.input),
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      listeners.get(event)?.forEach((listener) => listener(payload));
    },
  };
}

export function libraryItem(overrides: Partial<LibraryItem> = {}): LibraryItem {
  return {
    contentId: randomUUID(),
    productId: randomUUID(),
    licenseId: randomUUID(),
    title: 'The Quiet Shelf',
    creator: 'A. Writer',
    kind: 'ebook',
    version: 1,
    latestVersion: 1,
    mime: 'text/markdown',
    size: 2048,
    addedAt: new Date('2026-11-01T10:00:00Z').toISOString(),
    issuedAt: new Date('2026-11-01T10:00:00Z').toISOString(),
    priceCents: 1000,
    returnDeadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    downloaded: false,
    state: 'active',
    hasCover: false,
    tags: [],
    lastReturnError: null,
    ...overrides,
  };
}

export function libraryDetail(overrides: Partial<LibraryItemDetail> = {}): LibraryItemDetail {
  return {
    ...libraryItem(),
    description: 'A short novel.',
    sha256: 'a'.repeat(64),
    issuedAt: new Date('2026-11-01T10:00:00Z').toISOString(),
    purchaseId: randomUUID(),
    returnDeadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    priceCents: 1000,
    licenseValid: true,
    offlineUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    offlineClockBehind: false,
    pendingReturnKind: null,
    returnSending: false,
    returnPolicy: {
      windowDays: 30,
      buybackRatePct: 70,
      tradeIn: { type: 'upgrade', fallbackPointsRatePct: 50 },
      limitPer30Days: null,
    },
    cannotReturn: null,
    ...overrides,
  };
}

export const syncOnline = {
  online: true,
  syncing: false,
  lastSyncAt: new Date().toISOString(),
  queuedReturns: 0,
  lastError: null,
  nextRetryAt: null,
};

/**
 * index.html's data block with the first screen's answers (main/core/first-screen-seed.ts), as
 * the host writes it; a string is written as it is (a malformed block). Removed with
 * `unseedDocument`.
 */
export function seedDocument(answers: SeededAnswer[] | string): void {
  const element = document.createElement('script');
  element.type = 'application/json';
  element.id = FIRST_SCREEN_SEED_ID;
  element.textContent = typeof answers === 'string' ? answers : JSON.stringify({ answers });
  document.head.append(element);
}

export function unseedDocument(): void {
  document.getElementById(FIRST_SCREEN_SEED_ID)?.remove();
}
