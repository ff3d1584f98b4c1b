/** Files up to this size are kept in memory between `content.open` and the viewer's request. */
export const HANDOFF_MAX_BYTES = 32 * 1024 * 1024;
/** How long the viewer has to ask for them; later, the vault file is decrypted again. */
export const HANDOFF_TTL_MS = 30_000;

/**
 * The bytes `content.open` decrypted to check a vault file, handed to the viewer's first request
 * for that content, so an open decrypts the file once (docs/design.md §11.1). Only the latest
 * open is kept, in main's memory only; the viewer's request still checks the license first.
 */
export class VerifiedHandoff {
  private held: { contentId: string; bytes: Buffer; until: number } | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  put(contentId: string, bytes: Buffer): void {
    this.drop();
    this.held = { contentId, bytes, until: this.now() + HANDOFF_TTL_MS };
  }

  /** The bytes for this content if they were put less than HANDOFF_TTL_MS ago; once only. */
  take(contentId: string): Buffer | null {
    const held = this.held;
    if (!held || held.contentId !== contentId) return null;
    this.held = null;
    if (this.now() > held.until) {
      held.bytes.fill(0);
      return null;
    }
    return held.bytes;
  }

  /** Forgets what is held, overwriting it (an unused handoff, or the core closing). */
  drop(): void {
    this.held?.bytes.fill(0);
    this.held = null;
  }
}
