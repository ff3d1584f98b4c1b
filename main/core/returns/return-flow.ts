import { randomUUID } from 'node:crypto';
import { receiptSchema, type Receipt, type ReturnKind } from '../../../shared/api/returns';
import { AppError, isAppError } from '../../../shared/errors';
import { apiErrorData, isTransient } from '../api/api-error';
import type { CoreContext } from '../core-context';
import type { OutboxRow } from '../store/outbox';
import { sessionToken } from '../session';
import { applyReceipt } from './return-receipt';
import { localEligibility } from './local-eligibility';
import { heldLicense } from './return-options';

/**
 * Returns in flight at once when the outbox is flushed. The server takes one user's returns one
 * at a time (it locks the user row), but the round trips and the local deletions overlap:
 * 10,000 queued returns went out in 31.0 s instead of 43.9 s (bench/findings.md). Each row is
 * independent (one license each), and only the newest receipt sets the cached balance.
 * Rows start oldest first, so under a returns-per-30-days limit the oldest queued returns
 * still reach the server first, give or take the few in flight together.
 */
export const SEND_CONCURRENCY = 4;

export type SendOutcome =
  | { outcome: 'confirmed'; receipt: Receipt }
  | { outcome: 'failed'; error: AppError }
  | { outcome: 'retry'; error: AppError }
  /** The row was settled meanwhile (confirmed, refused or cancelled by another path). */
  | { outcome: 'gone' };

/**
 * The app's side of a return (docs/design.md §5.1):
 *
 *   active ─request─▶ return_pending ─receipt─▶ confirmed ─files deleted─▶ (rows deleted)
 *      ▲                   │
 *      └─ permanent error ─┘  (or cancel, while the outbox row is still `queued`)
 *
 * Every arrow is one local transaction; the outbox row is written in the same transaction that
 * locks the license, so a queued return survives any restart and is sent with the same return
 * id (the server's idempotency key) however many times it is retried.
 */
export class ReturnFlow {
  /** Return ids with a request in flight in this process: never sent twice at once. */
  private readonly inFlight = new Map<string, Promise<SendOutcome>>();

  constructor(private readonly ctx: CoreContext) {}

  /** active → return_pending + outbox row. Sends at once when online. */
  async request(contentId: string, kind: ReturnKind, quoteId?: string) {
    const { store } = this.ctx;
    const { license, content } = heldLicense(this.ctx, contentId);
    if (license.state !== 'active') throw new AppError('LICENSE_LOCKED');
    if (!this.ctx.isOnline()) {
      // Offline, what the server would certainly refuse is refused here and nothing is queued
      // (docs/design.md §5.1): the window, a policy with no returns, the limit as of the last
      // sync, a kind the policy would not offer.
      const local = localEligibility(this.ctx, license, content);
      if (local.refusal) {
        throw new AppError(local.refusal.code, undefined, {
          data: { freesAt: local.refusal.freesAt },
        });
      }
      if (!quoteId && !local.kinds.includes(kind)) throw new AppError('OPTION_NOT_OFFERED');
    }
    const returnId = randomUUID();
    store.transaction(() => {
      if (!store.licenses.markReturnPending(license.licenseId, kind))
        throw new AppError('LICENSE_LOCKED');
      store.outbox.enqueue({
        returnId,
        licenseId: license.licenseId,
        contentId,
        kind,
        quoteId: quoteId ?? null,
        createdAt: this.ctx.now(),
      });
    });
    this.ctx.events.emit('library.changed', { reason: 'return' });

    const row = store.outbox.getByReturn(returnId);
    if (
      !row ||
      !this.ctx.isOnline() ||
      !sessionToken(store.account.get(), this.ctx.settings.get().serverUrl)
    )
      return { returnId, status: 'queued' as const, receipt: null };
    // The caller (the return dialog) shows the outcome itself: a refusal is told there once,
    // not again as a notice and a banner.
    const result = await this.send(row, true);
    if (result.outcome === 'confirmed')
      return { returnId, status: 'confirmed' as const, receipt: result.receipt };
    if (result.outcome === 'failed') throw result.error;
    this.ctx.requestSync();
    return { returnId, status: 'queued' as const, receipt: null };
  }

  /** return_pending → active, only while the row has not left (status `queued`). */
  cancel(contentId: string): void {
    const { store } = this.ctx;
    const { license } = heldLicense(this.ctx, contentId);
    const row = store.outbox.getByLicense(license.licenseId);
    if (license.state !== 'return_pending' || !row)
      throw new AppError('NOT_FOUND', 'No return is waiting for this content');
    if (this.inFlight.has(row.returnId)) throw new AppError('RETURN_NOT_CANCELLABLE');
    store.transaction(() => {
      if (!store.outbox.cancelQueued(license.licenseId))
        throw new AppError('RETURN_NOT_CANCELLABLE');
      store.licenses.backToActive(license.licenseId, null);
    });
    this.ctx.events.emit('library.changed', { reason: 'return' });
  }

  /**
   * Sends every outbox row, oldest first, up to SEND_CONCURRENCY at a time. Stops starting new
   * ones at the first transient failure (the server is away or busy: the others would fail the
   * same way), lets those in flight finish, and rethrows it for the sync engine's backoff; a
   * permanent failure only affects its own row.
   */
  async sendAll(): Promise<void> {
    const rows = this.ctx.store.outbox.list();
    let next = 0;
    const stopped: { error?: unknown } = {};
    const worker = async () => {
      while (!('error' in stopped) && next < rows.length) {
        let failure: { error: unknown } | null = null;
        try {
          const result = await this.send(rows[next++] as OutboxRow);
          if (result.outcome === 'retry') failure = { error: result.error };
        } catch (error) {
          // A local failure (store, vault) stops the flush too, once the others have finished.
          failure = { error };
        }
        // The first failure is the one rethrown, whichever worker meets it.
        if (failure && !('error' in stopped)) stopped.error = failure.error;
      }
    };
    const workers = Math.min(SEND_CONCURRENCY, rows.length);
    await Promise.all(Array.from({ length: workers }, worker));
    if ('error' in stopped) throw stopped.error;
  }

  /** `attended`: someone waits for this answer and shows it (see onSendError). */
  send(row: OutboxRow, attended = false): Promise<SendOutcome> {
    const running = this.inFlight.get(row.returnId);
    if (running) return running;
    const promise = this.sendOnce(row, attended).finally(() => this.inFlight.delete(row.returnId));
    this.inFlight.set(row.returnId, promise);
    return promise;
  }

  private async sendOnce(row: OutboxRow, attended: boolean): Promise<SendOutcome> {
    const { store } = this.ctx;
    if (!store.outbox.getByReturn(row.returnId)) return { outcome: 'gone' };
    const deviceId = store.account.get().deviceId;
    store.outbox.markSending(row.returnId);
    // The item page stops offering "Cancel the return" the moment it can no longer be.
    this.ctx.events.emit('library.changed', { reason: 'return' });
    let receipt: Receipt;
    try {
      receipt = await this.ctx.api.call('createReturn', {
        body: {
          returnId: row.returnId,
          licenseId: row.licenseId,
          kind: row.kind,
          deviceId,
          ...(row.quoteId ? { quoteId: row.quoteId } : {}),
        },
      });
    } catch (error) {
      return this.onSendError(row, toAppError(error), attended);
    }
    await applyReceipt(this.ctx, receipt);
    return { outcome: 'confirmed', receipt };
  }

  /**
   * A permanent error puts the license back to `active`. Sent in the background, the error is
   * kept for the item page and told by a `return.failed` notice; `attended` (the dialog waits
   * for the answer), the dialog tells it and nothing is kept.
   */
  private async onSendError(
    row: OutboxRow,
    error: AppError,
    attended: boolean,
  ): Promise<SendOutcome> {
    const { store } = this.ctx;
    // Another return id already returned this license (e.g. another device): its receipt is
    // the outcome, and this one takes the same confirmed → deleted path.
    if (error.code === 'LICENSE_ALREADY_RETURNED') {
      const existing = receiptSchema.safeParse(apiErrorData(error)?.receipt);
      if (existing.success && existing.data.licenseId === row.licenseId) {
        await applyReceipt(this.ctx, existing.data);
        return { outcome: 'confirmed', receipt: existing.data };
      }
    }
    if (isTransient(error)) {
      const neverSent = apiErrorData(error)?.sent === false;
      store.outbox.recordFailure(row.returnId, null, error.code, neverSent);
      return { outcome: 'retry', error };
    }
    const content = store.contents.get(row.contentId);
    store.transaction(() => {
      store.outbox.removeByLicense(row.licenseId);
      store.licenses.backToActive(
        row.licenseId,
        attended ? null : { code: error.code, message: error.message },
      );
    });
    this.ctx.logger.warn('return refused', { returnId: row.returnId, code: error.code });
    if (!attended) {
      this.ctx.events.emit('return.failed', {
        contentId: row.contentId,
        title: content?.title ?? '',
        code: error.code,
        message: error.message,
      });
    }
    this.ctx.events.emit('library.changed', { reason: 'return' });
    return { outcome: 'failed', error };
  }
}

function toAppError(error: unknown): AppError {
  return isAppError(error) ? error : new AppError('INTERNAL', 'The return could not be sent');
}
