/**
 * A pass run on a timer, never two at once: `pollMs` after the last one ends, or right after it
 * when nudged meanwhile (work was just added). Used by the outbox workers (webhooks, refunds),
 * whose rows live in the database: a pass only has to find them.
 */
export class PollingLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly pollMs: number,
  ) {}

  /** True once `stop` was called: a pass checks it between items to end early. */
  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Runs a pass now, or right after the one under way. */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  /** No pass starts after this; `whileWaiting` runs before the wait for the pass under way. */
  async stop(whileWaiting?: () => void): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    whileWaiting?.();
    await this.#running;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.pass().finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        const again = this.#again;
        this.#again = false;
        this.#schedule(again ? 0 : this.pollMs);
      });
    }, delayMs);
    this.#timer.unref();
  }
}
