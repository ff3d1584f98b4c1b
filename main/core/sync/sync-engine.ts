import { AppError, isAppError } from '../../../shared/errors';
import type { SyncStatus } from '../../../shared/ipc/sync';
import { apiErrorData, isTransient, isUnreachable } from '../api/api-error';
import type { CoreContext } from '../core-context';
import { licenseKey } from '../license-keys';
import { observeLeaseTime } from '../lease-clock';
import { renewLease, storedLeaseCurrent } from '../offline-lease';
import type { ReturnFlow } from '../returns/return-flow';
import { sessionToken } from '../session';
import { META_KEYS } from '../store/meta';
import { z } from 'zod';
import { fetchCatalogCovers } from '../library/catalog-covers';
import { applyEvents } from './apply-events';
import { backoffDelay, type BackoffOptions } from './backoff';
import { syncPlaces } from './places-sync';
import { refreshWallet } from './wallet-refresh';

const cursorSchema = z.number().int().nonnegative();
const PAGE = 500;

/**
 * Keeps the local store in step with the server: pushes the outbox, pulls `/v1/sync`, refreshes
 * the wallet, then exchanges places (after the feed, so a returned item's places are gone here
 * before any of its changes could be sent). Runs at start, every `intervalMs`, on demand, and when the server is reachable
 * again; transient failures are retried with exponential backoff and jitter. One run at a time:
 * a request during a run schedules exactly one more run after it.
 */
/** The longest a lease goes unrenewed while the app syncs and nothing changed. */
export const LEASE_RENEW_MS = 5 * 60_000;

export class SyncEngine {
  private state: Omit<SyncStatus, 'queuedReturns'> = {
    online: true,
    syncing: false,
    lastSyncAt: null,
    lastError: null,
    nextRetryAt: null,
  };
  private failures = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The catalog covers being fetched after a sync, and whether another pass was asked for. */
  private covers: Promise<void> | null = null;
  private coversAgain = false;
  /** Aborted by close: ends the cover requests in flight, so closing waits for no server. */
  private readonly closing = new AbortController();
  /**
   * The computer's uptime when this run of the app last renewed the lease; null = not yet (the
   * first sync renews). Uptime, not the device clock, so setting the clock back delays nothing.
   */
  private leaseRenewedAt: number | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly returns: ReturnFlow,
    private readonly intervalMs: number,
    private readonly backoff: BackoffOptions,
    /** Fetch the catalog's covers after each sync (docs/design.md §12.4). */
    private readonly catalogCovers = true,
  ) {
    this.state.lastSyncAt = ctx.store.meta.get(META_KEYS.lastSyncAt, z.string()) ?? null;
  }

  /**
   * A lease is renewed at the first sync of each run of the app, whenever the pull changed the
   * library (a return or purchase elsewhere), when the stored one does not list every license
   * held here or ends within LEASE_RENEW_MS, and otherwise every LEASE_RENEW_MS: a lease lists
   * every license the user holds, so renewing it
   * at every 30-second sync would cost a large library megabytes and a signature each time,
   * for an end date moved by seconds (docs/design.md §7.4).
   */
  private leaseDue(libraryChanged: boolean): boolean {
    return (
      this.leaseRenewedAt === null ||
      libraryChanged ||
      this.ctx.uptimeMs() - this.leaseRenewedAt >= LEASE_RENEW_MS ||
      !storedLeaseCurrent(this.ctx, LEASE_RENEW_MS)
    );
  }

  status(): SyncStatus {
    return { ...this.state, queuedReturns: this.ctx.store.outbox.count() };
  }

  isOnline(): boolean {
    return this.state.online;
  }

  /** Called by the API client after every request: tracks reachability without extra pings. */
  noteReachable(reachable: boolean): void {
    if (this.state.online === reachable) return;
    this.state.online = reachable;
    this.publish();
    if (reachable) this.request();
  }

  /** A run soon, without waiting for it. */
  request(): void {
    void this.run().catch(() => undefined);
  }

  /** A run now (or the one in progress plus one more); resolves with the status after it. */
  async runNow(): Promise<SyncStatus> {
    await this.run();
    return this.status();
  }

  close(): void {
    this.closed = true;
    this.closing.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves when no run and no cover fetch is in progress (tests and close). */
  async idle(): Promise<void> {
    while (this.running || this.covers) {
      await Promise.allSettled([this.running, this.covers]);
    }
  }

  private run(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.runLoop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runLoop(): Promise<void> {
    do {
      this.again = false;
      await this.runOnce();
    } while (this.again && !this.closed);
  }

  private async runOnce(): Promise<void> {
    if (!sessionToken(this.ctx.store.account.get(), this.ctx.settings.get().serverUrl)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.state.syncing = true;
    this.publish();
    // Each run moves the lease clock's mark on (docs/design.md §7.4), reachable or not, so a
    // restart of the computer loses at most the time since the last run.
    observeLeaseTime(this.ctx);
    try {
      await licenseKey(this.ctx);
      await this.returns.sendAll();
      const applied = await this.pull();
      // After the pull: the new lease lists exactly the licenses the feed left this device with.
      if (this.leaseDue(applied.libraryChanged)) {
        await renewLease(this.ctx);
        this.leaseRenewedAt = this.ctx.uptimeMs();
      }
      await refreshWallet(
        this.ctx,
        applied.walletChanged || this.ctx.store.wallet.view().asOf === null,
      );
      if (applied.libraryChanged) this.ctx.events.emit('library.changed', { reason: 'sync' });
      await syncPlaces(this.ctx);
      this.succeeded();
    } catch (error) {
      this.failed(error);
      return;
    } finally {
      this.state.syncing = false;
      this.publish();
    }
    this.requestCovers();
  }

  /**
   * Catalog covers for what the sync brought, beside the sync rather than in it: neither a run
   * (a sign-in, "Sync now") nor its status waits for a first library's thousands of covers.
   * One fetch at a time, in rounds until none is left, the network fails or the engine closes;
   * a request during it asks for one more pass after it.
   */
  private requestCovers(): void {
    if (!this.catalogCovers || this.closed) return;
    if (this.covers) {
      this.coversAgain = true;
      return;
    }
    this.covers = this.coverLoop().finally(() => {
      this.covers = null;
    });
  }

  private async coverLoop(): Promise<void> {
    const signal = this.closing.signal;
    const stop = () => signal.aborted;
    do {
      this.coversAgain = false;
      try {
        while (!stop() && (await fetchCatalogCovers(this.ctx, { signal })) === 'more');
      } catch (error) {
        // fetchCatalogCovers keeps its own failures; a store closed under it must not throw.
        this.ctx.logger.warn('catalog covers stopped', { error: String(error) });
      }
    } while (this.coversAgain && !stop());
  }

  private async pull() {
    const total = { libraryChanged: false, walletChanged: false };
    let after = this.ctx.store.meta.get(META_KEYS.syncCursor, cursorSchema) ?? 0;
    for (;;) {
      const page = await this.ctx.api.call('sync', { query: { after, limit: PAGE } });
      const applied = await applyEvents(this.ctx, page.events);
      total.libraryChanged ||= applied.libraryChanged;
      total.walletChanged ||= applied.walletChanged;
      after = Math.max(after, page.lastSeq);
      this.ctx.store.meta.set(META_KEYS.syncCursor, after);
      if (!page.hasMore || page.events.length === 0) return total;
    }
  }

  private succeeded(): void {
    const now = this.ctx.now();
    this.failures = 0;
    this.state.lastSyncAt = now;
    this.state.lastError = null;
    this.state.nextRetryAt = null;
    this.ctx.store.meta.set(META_KEYS.lastSyncAt, now);
    this.ctx.store.outbox.setNextAttempt(null);
    this.schedule(this.intervalMs);
  }

  private failed(error: unknown): void {
    const appError = isAppError(error) ? error : new AppError('INTERNAL');
    if (!isAppError(error))
      this.ctx.logger.error('sync failed unexpectedly', { error: String(error) });
    this.state.lastError = { code: appError.code, message: appError.message, at: this.ctx.now() };
    if (isUnreachable(appError)) this.state.online = false;
    if (!isTransient(appError) || appError.code === 'UNAUTHENTICATED') {
      // Retrying will not help (e.g. the session ended): wait for the user or the next period.
      this.state.nextRetryAt = null;
      this.schedule(this.intervalMs);
      return;
    }
    this.failures += 1;
    const delay = backoffDelay(
      this.failures,
      this.backoff,
      apiErrorData(appError)?.retryAfterMs ?? null,
    );
    const at = new Date(Date.now() + delay).toISOString();
    this.state.nextRetryAt = this.intervalMs > 0 ? at : null;
    this.ctx.store.outbox.setNextAttempt(this.state.nextRetryAt);
    this.schedule(delay);
  }

  /** The background timer; disabled entirely when intervalMs is 0 (tests drive runs). */
  private schedule(delayMs: number): void {
    if (this.closed || this.intervalMs <= 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.request(), delayMs);
    this.timer.unref();
  }

  private publish(): void {
    this.ctx.events.emit('sync.status', this.status());
  }

  /** Pushes the status now (the queued count changed outside a run). */
  publishStatus(): void {
    if (!this.closed) this.publish();
  }
}
