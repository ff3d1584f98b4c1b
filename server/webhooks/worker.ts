import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/database';
import type { ClaimedDelivery } from '../db/webhooks';
import {
  claimDueDeliveries,
  markDelivered,
  recordAttempt,
  releaseLease,
  scheduleRetry,
} from '../db/webhooks';
import type { Clock } from '../util/clock';
import { iso } from '../util/clock';
import { PollingLoop } from '../util/polling-loop';
import type { BackoffPolicy } from './backoff';
import { nextDelayMs } from './backoff';
import { webhookHeaders } from './signing';

export interface WebhookWorkerOptions {
  /** Its `transaction` writes an attempt and its outcome together (no 2xx on a delivery still due). */
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  backoff: BackoffPolicy;
  pollMs: number;
  timeoutMs: number;
  batchSize: number;
}

/**
 * Delivers the outbox. Every process may run one: claims are leases taken with
 * `FOR UPDATE SKIP LOCKED`, so no delivery is sent twice at once, and a delivery whose worker
 * died is claimed again when its lease ends. Rows live in the database, so they survive restarts.
 */
export class WebhookWorker {
  readonly #abort = new AbortController();
  readonly #loop: PollingLoop;

  constructor(private readonly options: WebhookWorkerOptions) {
    this.#loop = new PollingLoop(() => this.#pass(), options.pollMs);
  }

  start(): void {
    this.#loop.start();
  }

  /** Runs a pass now (after the current one), e.g. right after a return committed. */
  nudge(): void {
    this.#loop.nudge();
  }

  /** Deliveries in flight are aborted (they stay due) before the pass under way is waited for. */
  stop(): Promise<void> {
    return this.#loop.stop(() => this.#abort.abort());
  }

  async #pass(): Promise<void> {
    const { database, clock, timeoutMs, batchSize } = this.options;
    const { db, engine } = database;
    try {
      for (;;) {
        const now = clock();
        const lease = iso(now + timeoutMs * 2);
        const claimed = await claimDueDeliveries(db, engine, iso(now), lease, batchSize);
        if (claimed.length === 0 || this.#loop.stopped) return;
        await Promise.all(claimed.map((d) => this.#deliver(d, lease)));
        if (claimed.length < batchSize) return;
      }
    } catch (error) {
      if (!this.#loop.stopped) this.options.logger.error({ err: error }, 'webhook pass failed');
    }
  }

  /** `lease`: the claim's `locked_until`; a failure or release writes only while it still holds. */
  async #deliver(delivery: ClaimedDelivery, lease: string): Promise<void> {
    const { database, clock, timeoutMs, backoff, logger } = this.options;
    const started = clock();
    const attempt = delivery.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: webhookHeaders(
          delivery.event_id,
          delivery.secret,
          Math.floor(started / 1000),
          delivery.body,
        ),
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.#abort.signal]),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (e) {
      error = e instanceof Error ? e.message.slice(0, 500) : 'request failed';
    }
    if (this.#loop.stopped && status === null) {
      // Shut down mid-request: give the delivery back (not an attempt) so another process or
      // the next start sends it at once instead of waiting for the lease to run out.
      await releaseLease(database.db, delivery.id, lease);
      return;
    }
    const finished = clock();
    const delivered = status !== null && status >= 200 && status < 300 ? status : null;
    const delay = delivered !== null ? null : nextDelayMs(attempt, backoff);
    // One transaction: a crash between the two writes would otherwise leave a recorded 2xx on a
    // delivery that is sent again, and a reader could see the attempt before the outcome.
    const held = await database.transaction(async (tx) => {
      await recordAttempt(tx, {
        id: randomUUID(),
        delivery_id: delivery.id,
        attempt,
        attempted_at: iso(started),
        status,
        error,
        duration_ms: Math.max(0, finished - started),
      });
      if (delivered === null) {
        return scheduleRetry(
          tx,
          delivery.id,
          lease,
          attempt,
          status,
          delay === null ? null : iso(finished + delay),
          iso(finished),
        );
      }
      await markDelivered(tx, delivery.id, attempt, delivered, iso(finished));
      return true;
    });
    if (delivered !== null) return;
    const failed = { deliveryId: delivery.id, attempt, status, error };
    if (held) logger.warn({ ...failed, retryInMs: delay }, 'webhook delivery failed');
    else
      logger.warn(
        failed,
        'webhook delivery failed after its lease ran out: the delivery is left to its new claim',
      );
  }
}
