import type { ServerContext } from '../context';
import type { RefundPolicy } from './refunds';
import { sendDueRefunds } from './refunds';

/**
 * Runs the refund outbox on the server's timer, as the webhook worker runs its own: every
 * process may run one (claims are leases, db/refunds.ts), a capture that owed a refund wakes the
 * worker of its process at once, and the others find it at their next poll. Rows live in the
 * database, so a refund owed survives restarts.
 */
export class RefundWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #again = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly policy: RefundPolicy,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.#schedule(0);
  }

  /** Runs a pass now (after the current one): a refund was just owed. */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  /**
   * Stops the worker: a pass under way stops before its next refund, so this waits for at most
   * the one provider call in flight, which ends with its outcome recorded (and its lease let go).
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.#pass().finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        const again = this.#again;
        this.#again = false;
        this.#schedule(again ? 0 : this.pollMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #pass(): Promise<void> {
    try {
      await sendDueRefunds(this.ctx, this.policy, () => this.#stopped);
    } catch (error) {
      if (!this.#stopped) this.ctx.logger.error({ err: error }, 'refund pass failed');
    }
  }
}
