import type { ServerContext } from '../context';
import type { RefundPolicy } from './refunds';
import { sendDueRefunds } from './refunds';
import { PollingLoop } from '../util/polling-loop';

/**
 * Runs the refund outbox on the server's timer, as the webhook worker runs its own: every
 * process may run one (claims are leases, db/refunds.ts), a capture that owed a refund wakes the
 * worker of its process at once, and the others find it at their next poll. Rows live in the
 * database, so a refund owed survives restarts.
 */
export class RefundWorker {
  readonly #loop: PollingLoop;

  constructor(
    private readonly ctx: ServerContext,
    private readonly policy: RefundPolicy,
    pollMs: number,
  ) {
    this.#loop = new PollingLoop(() => this.#pass(), pollMs);
  }

  start(): void {
    this.#loop.start();
  }

  /** Runs a pass now (after the current one): a refund was just owed. */
  nudge(): void {
    this.#loop.nudge();
  }

  /**
   * Stops the worker: a pass under way stops before its next refund, so this waits for at most
   * the one provider call in flight, which ends with its outcome recorded (and its lease let go).
   */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  async #pass(): Promise<void> {
    try {
      await sendDueRefunds(this.ctx, this.policy, () => this.#loop.stopped);
    } catch (error) {
      if (!this.#loop.stopped) this.ctx.logger.error({ err: error }, 'refund pass failed');
    }
  }
}
