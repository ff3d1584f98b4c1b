import { randomUUID } from 'node:crypto';
import {
  MAX_BATCH_RETURNS,
  receiptSchema,
  type BatchReturnResult,
  type Receipt,
  type ReturnKind,
  type ReturnRequest,
} from '../../../shared/api/returns';
import { AppError, isAppError } from '../../../shared/errors';
import { apiErrorData, errorFromProblem, isTransient } from '../api/api-error';
import type { CoreContext } from '../core-context';
import type { OutboxRow } from '../store/outbox';
import { sessionToken } from '../session';
import { localEligibility } from './local-eligibility';
import { applyReceipts } from './return-receipt';
import { heldLicense } from './return-options';

/**
 * Returns per request when the outbox is flushed: the server's batch maximum. Each is still its
 * own transaction on the server and its own idempotent return; a batch saves the per-request
 * costs (session check, HTTP exchange) and lets this side store all its receipts in one local
 * transaction. 10,000 queued returns took 22.7 s sent four at a time, one per request
 * (bench/findings.md).
 */
export const SEND_BATCH = MAX_BATCH_RETURNS;
/**
 * Batches in flight at once: while the server works through one, this side stores the receipts
 * of the other. Batches start oldest first, so under a returns-per-30-days limit the oldest
 * queued returns still reach the server first, give or take the two batches in flight.
 */
export const SEND_PARALLEL = 2;

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
   * Sends every outbox row, oldest first, SEND_BATCH per request, SEND_PARALLEL requests at a
   * time. Starts no new batch once a return failed transiently (the server is away or busy: the
   * next batches would fail the same way), lets those in flight finish, and rethrows that error
   * for the sync engine's backoff; a permanent failure only affects its own row. Rows already in
   * flight (a return being sent by `request`) are left to that request.
   */
  async sendAll(): Promise<void> {
    const rows = this.ctx.store.outbox.list().filter((row) => !this.inFlight.has(row.returnId));
    let next = 0;
    const stopped: { error?: unknown } = {};
    const worker = async () => {
      while (!('error' in stopped) && next < rows.length) {
        const batch = rows.slice(next, next + SEND_BATCH);
        next += batch.length;
        let failure: { error: unknown } | null = null;
        try {
          const outcomes = await this.sendBatch(batch);
          const retry = [...outcomes.values()].find((o) => o.outcome === 'retry');
          if (retry) failure = { error: retry.error };
        } catch (error) {
          // A local failure (store, vault) stops the flush too, once the other batch is done.
          failure = { error };
        }
        // The first failure is the one rethrown, whichever worker meets it.
        if (failure && !('error' in stopped)) stopped.error = failure.error;
      }
    };
    const workers = Math.min(SEND_PARALLEL, Math.ceil(rows.length / SEND_BATCH));
    await Promise.all(Array.from({ length: workers }, worker));
    if ('error' in stopped) throw stopped.error;
  }

  /**
   * queued → sending for every row in one local transaction, one request for all, then every
   * receipt in one local transaction (applyReceipts) and every refusal in one more.
   */
  async sendBatch(rows: readonly OutboxRow[]): Promise<Map<string, SendOutcome>> {
    const { store } = this.ctx;
    const sending = store.transaction(() =>
      rows.filter(
        (row) => !this.inFlight.has(row.returnId) && store.outbox.markSending(row.returnId),
      ),
    );
    const outcomes = new Map<string, SendOutcome>();
    for (const row of rows) outcomes.set(row.returnId, { outcome: 'gone' });
    if (sending.length === 0) return outcomes;
    // Item pages stop offering "Cancel the return" the moment it can no longer be.
    this.ctx.events.emit('library.changed', { reason: 'return' });
    const batch = this.sendBatchOnce(sending);
    for (const row of sending) {
      const mine = batch.then((all) => all.get(row.returnId) ?? { outcome: 'gone' as const });
      this.inFlight.set(row.returnId, mine);
    }
    try {
      for (const [returnId, outcome] of await batch) outcomes.set(returnId, outcome);
      return outcomes;
    } finally {
      for (const row of sending) this.inFlight.delete(row.returnId);
    }
  }

  private async sendBatchOnce(rows: readonly OutboxRow[]): Promise<Map<string, SendOutcome>> {
    const deviceId = this.ctx.store.account.get().deviceId;
    let results: BatchReturnResult[];
    try {
      ({ results } = await this.ctx.api.call('createReturnBatch', {
        body: { returns: rows.map((row) => requestOf(row, deviceId)) },
      }));
    } catch (error) {
      const appError = toAppError(error);
      if (isTransient(appError)) return this.settle(rows.map((row) => [row, appError]));
      // Refused as a whole (say, a server without the batch route): each return on its own.
      const outcomes = new Map<string, SendOutcome>();
      for (const row of rows) outcomes.set(row.returnId, await this.sendOnce(row, false));
      return outcomes;
    }
    return this.settle(
      rows.map((row, i): [OutboxRow, Receipt | AppError] => {
        const result = results[i];
        if (result?.returnId !== row.returnId) {
          // Not this return's answer: nothing is known, so it is sent again (same return id).
          return [row, new AppError('INTERNAL', 'No answer for this return', { data: NO_ANSWER })];
        }
        return [
          row,
          result.outcome === 'returned'
            ? result.receipt
            : errorFromProblem(result.problem, result.status),
        ];
      }),
    );
  }

  /**
   * Each row's answer (a receipt or an error) applied, all rows of a kind together. `attended`:
   * someone waits for this answer and shows it (see refuse).
   */
  private async settle(
    answers: readonly (readonly [OutboxRow, Receipt | AppError])[],
    attended = false,
  ): Promise<Map<string, SendOutcome>> {
    const { store } = this.ctx;
    const outcomes = new Map<string, SendOutcome>();
    const receipts: Receipt[] = [];
    const transient: [OutboxRow, AppError][] = [];
    const refused: [OutboxRow, AppError][] = [];
    for (const [row, answer] of answers) {
      const receipt = isAppError(answer) ? existingReceipt(row, answer) : answer;
      if (receipt) {
        receipts.push(receipt);
        outcomes.set(row.returnId, { outcome: 'confirmed', receipt });
      } else if (isAppError(answer) && isTransient(answer)) {
        transient.push([row, answer]);
        outcomes.set(row.returnId, { outcome: 'retry', error: answer });
      } else if (isAppError(answer)) {
        refused.push([row, answer]);
        outcomes.set(row.returnId, { outcome: 'failed', error: answer });
      }
    }
    await applyReceipts(this.ctx, receipts);
    if (transient.length > 0) {
      store.transaction(() => {
        for (const [row, error] of transient) {
          const neverSent = apiErrorData(error)?.sent === false;
          store.outbox.recordFailure(row.returnId, null, error.code, neverSent);
        }
      });
    }
    if (refused.length > 0) this.refuse(refused, attended);
    return outcomes;
  }

  /** `attended`: someone waits for this answer and shows it (see refuse). */
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
    let answer: Receipt | AppError;
    try {
      answer = await this.ctx.api.call('createReturn', { body: requestOf(row, deviceId) });
    } catch (error) {
      answer = toAppError(error);
    }
    const outcomes = await this.settle([[row, answer]], attended);
    return outcomes.get(row.returnId) ?? { outcome: 'gone' };
  }

  /**
   * Permanent errors: return_pending → active, in one transaction. Sent in the background, the
   * error is kept for the item page and told by a `return.failed` notice; `attended` (the dialog
   * waits for the answer), the dialog tells it and nothing is kept.
   */
  private refuse(refused: readonly (readonly [OutboxRow, AppError])[], attended: boolean): void {
    const { store } = this.ctx;
    const titles = store.transaction(() =>
      refused.map(([row, error]) => {
        const title = store.contents.get(row.contentId)?.title ?? '';
        store.outbox.removeByLicense(row.licenseId);
        store.licenses.backToActive(
          row.licenseId,
          attended ? null : { code: error.code, message: error.message },
        );
        return title;
      }),
    );
    refused.forEach(([row, error], i) => {
      this.ctx.logger.warn('return refused', { returnId: row.returnId, code: error.code });
      if (attended) return;
      this.ctx.events.emit('return.failed', {
        contentId: row.contentId,
        title: titles[i] ?? '',
        code: error.code,
        message: error.message,
      });
    });
    this.ctx.events.emit('library.changed', { reason: 'return' });
  }
}

/** What an error answer in place of a batch item is taken for: a server fault, to retry. */
const NO_ANSWER = { status: 500, retryAfterMs: null, receipt: undefined, sent: true };

function requestOf(row: OutboxRow, deviceId: string): ReturnRequest {
  return {
    returnId: row.returnId,
    licenseId: row.licenseId,
    kind: row.kind,
    deviceId,
    ...(row.quoteId ? { quoteId: row.quoteId } : {}),
  };
}

/**
 * Another return id already returned this license (e.g. another device): its receipt is the
 * outcome, and this return takes the same confirmed → deleted path.
 */
function existingReceipt(row: OutboxRow, error: AppError): Receipt | null {
  if (error.code !== 'LICENSE_ALREADY_RETURNED') return null;
  const existing = receiptSchema.safeParse(apiErrorData(error)?.receipt);
  return existing.success && existing.data.licenseId === row.licenseId ? existing.data : null;
}

function toAppError(error: unknown): AppError {
  return isAppError(error) ? error : new AppError('INTERNAL', 'The return could not be sent');
}
