import { Readable } from 'node:stream';
import { AppError, isAppError } from '../../../shared/errors';
import type { CoreContext } from '../core-context';
import { checkLicense } from '../license-check';
import { keepCover } from './covers';
import { resumableBody } from './resumable-body';

const PROGRESS_STEP_BYTES = 256 * 1024;

/**
 * Content downloads: streamed from the server straight into the vault (encrypted on the way,
 * checked against the published sha256 and size), with progress events and cancellation.
 * A connection cut midway is resumed with a Range request (resumable-body.ts). A download that
 * fails for good leaves nothing behind (the vault removes its temp file), and the next attempt,
 * or one after a restart of the app, starts from byte 0: the running hash and the encryption
 * state live in memory only.
 */
export class Downloads {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(private readonly ctx: CoreContext) {}

  download(contentId: string): Promise<void> {
    const running = this.active.get(contentId);
    if (running) return running.done;
    const controller = new AbortController();
    const done = this.run(contentId, controller.signal).finally(() =>
      this.active.delete(contentId),
    );
    this.active.set(contentId, { controller, done });
    return done;
  }

  cancel(contentId: string): boolean {
    const running = this.active.get(contentId);
    if (!running) return false;
    running.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const { controller } of this.active.values()) controller.abort();
  }

  private async run(contentId: string, signal: AbortSignal): Promise<void> {
    const { ctx } = this;
    const { content } = await checkLicense(ctx, contentId);
    if (content.vaultFile) return;
    const totalBytes = content.size;
    let reported = 0;
    const progress = (receivedBytes: number) => {
      if (receivedBytes - reported < PROGRESS_STEP_BYTES && receivedBytes !== totalBytes) return;
      reported = receivedBytes;
      ctx.events.emit('download.progress', { contentId, receivedBytes, totalBytes });
    };
    ctx.events.emit('download.progress', { contentId, receivedBytes: 0, totalBytes });

    let stored;
    try {
      const body = resumableBody(
        (range) => ctx.api.download(contentId, signal, range),
        content.size,
        signal,
      );
      stored = await ctx.vault.write(
        Readable.from(body, { objectMode: false }),
        { sha256: content.sha256, size: content.size },
        progress,
      );
    } catch (error) {
      if (signal.aborted) throw new AppError('DOWNLOAD_FAILED', 'The download was cancelled');
      if (isAppError(error)) throw error;
      throw new AppError('DOWNLOAD_FAILED');
    }

    // The license may have been returned (or the content replaced) while the bytes were coming.
    const kept = ctx.store.transaction(() => {
      const license = ctx.store.licenses.getByContent(contentId);
      const current = ctx.store.contents.get(contentId);
      if (!license || license.state !== 'active' || !current || current.vaultFile) return false;
      ctx.store.contents.setVault(contentId, stored.file, stored.key, ctx.now());
      return true;
    });
    if (!kept) {
      await ctx.vault.delete(stored.file);
      return;
    }
    await keepCover(ctx, contentId, stored, content.mime, content.size);
    ctx.events.emit('library.changed', { reason: 'download' });
  }
}
