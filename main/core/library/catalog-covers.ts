import { createHash } from 'node:crypto';
import {
  CATALOG_COVER_MIMES,
  MAX_CATALOG_COVER_BYTES,
  type CatalogCover,
} from '../../../shared/api/catalog';
import { isAppError } from '../../../shared/errors';
import { coverSizeProblem } from '../../../shared/images/image-size';
import { hasSignatureOf } from '../../../shared/images/image-types';
import { mediaType } from '../../../shared/media-type';
import { isTransient } from '../api/api-error';
import type { CoreContext } from '../core-context';
import { writeCover } from './covers';

/** Contents asked per round: a round's list is read once, and closing waits for no more. */
export const CATALOG_COVER_ROUND = 100;
/** Covers fetched at once: small files, a few in flight keep the link busy without a burst. */
const CONCURRENCY = 4;

/** How a round ended: nothing left to ask, more left, or stopped by the network (next sync). */
export type CoverRound = 'done' | 'more' | 'stopped';

const isCoverMime = (type: string): type is CatalogCover['mime'] =>
  (CATALOG_COVER_MIMES as readonly string[]).includes(type);

/**
 * Why a catalog cover of a cover type is not kept, or null when it is good to keep. `final`: the server sent an
 * image it would send again (asked once); otherwise the answer may not be the server's own or was
 * damaged on the way (a proxy's or captive portal's page, a body cut short), so a later sync asks
 * again.
 */
function refusal(
  type: CatalogCover['mime'],
  answer: { etag: string; bytes: Buffer },
): { reason: string; final: boolean } | null {
  if (answer.bytes.length === 0) return { reason: 'empty', final: false };
  if (!hasSignatureOf(type, answer.bytes)) {
    return { reason: `not a ${type} by its signature`, final: true };
  }
  // The ETag is the sha256 of the bytes (docs/design.md §12.4): a body cut or changed on the way
  // does not match it, and without it nothing says the body is whole.
  const tag = /^(?:W\/)?"([0-9a-f]{64})"$/.exec(answer.etag)?.[1];
  if (!tag) return { reason: 'has no ETag', final: false };
  if (createHash('sha256').update(answer.bytes).digest('hex') !== tag) {
    return { reason: 'does not match its ETag', final: false };
  }
  // The server's own bytes (they match its ETag), so it would send them again: asked once.
  const size = coverSizeProblem(type, answer.bytes);
  if (size)
    return {
      reason: `${size.kind === 'tooLarge' ? 'IMAGE_TOO_LARGE' : 'unreadable'}: ${size.reason}`,
      final: true,
    };
  return null;
}

/** A cover answer to ask again at a later sync: ends the round like a network failure. */
class AskLater extends Error {}

/** What the catalog answered for a content's cover, checked (docs/design.md §12.4). */
export type CatalogCoverAnswer =
  | { kind: 'cover'; mime: CatalogCover['mime']; bytes: Buffer }
  | { kind: 'none' }
  | { kind: 'refused'; reason: string; final: boolean };

/**
 * Asks the catalog for one content's cover and checks it as the library's covers are: the Store's
 * cards show it too. Failures of the request (the network, a 5xx, any other 4xx) are thrown.
 */
export async function askCatalogCover(
  ctx: CoreContext,
  contentId: string,
  signal?: AbortSignal,
): Promise<CatalogCoverAnswer> {
  const answer = await ctx.api.catalogCover(contentId, MAX_CATALOG_COVER_BYTES, signal);
  if (answer.kind === 'none') return answer;
  if (answer.kind === 'tooLarge') return { kind: 'refused', reason: 'too large', final: true };
  const mime = mediaType(answer.type);
  if (!isCoverMime(mime)) {
    return {
      kind: 'refused',
      reason: `type ${mime || 'none'} is not a cover type`,
      final: mime.startsWith('image/'),
    };
  }
  const refused = refusal(mime, answer);
  if (refused) return { kind: 'refused', ...refused };
  return { kind: 'cover', mime, bytes: answer.bytes };
}

/** Asks the catalog for one content's cover and keeps it; true when one was kept. */
async function fetchOne(
  ctx: CoreContext,
  contentId: string,
  signal: AbortSignal,
): Promise<boolean> {
  const answer = await askCatalogCover(ctx, contentId, signal);
  if (answer.kind === 'none') {
    ctx.store.covers.markAsked(contentId);
    return false;
  }
  if (answer.kind === 'refused') {
    ctx.logger.warn('a catalog cover was refused', { contentId, reason: answer.reason });
    if (!answer.final) throw new AskLater(answer.reason);
    // The server would send the same bytes again: asked once, the letter tile stays.
    ctx.store.covers.markAsked(contentId);
    return false;
  }
  const { mime } = answer;
  if (signal.aborted) return false; // the app is closing: its store may be closed next
  const kept = await writeCover(ctx, { mime, bytes: answer.bytes });
  if (ctx.store.covers.setCatalog(contentId, { ...kept, mime })) return true;
  // The content's own cover came meanwhile (a download), or the item left: not needed.
  ctx.store.covers.markAsked(contentId);
  await ctx.vault.delete(kept.file);
  return false;
}

/**
 * One round of catalog covers (docs/design.md §12.4): asks the catalog for the cover of up to
 * `round` contents that have none and were not asked yet, a few at a time, and keeps each
 * encrypted in the vault in the content's cover place. Best effort and never thrown: a content
 * the catalog has no cover for (or sends a bad one for) is asked once; a network failure stops
 * the round and leaves the rest for the next sync, and so does `signal` (the app closing), which
 * also ends the requests in flight: closing waits for no server, however slowly it answers. Says
 * the library changed when a cover came.
 */
export async function fetchCatalogCovers(
  ctx: CoreContext,
  options: { round?: number; signal?: AbortSignal } = {},
): Promise<CoverRound> {
  const round = options.round ?? CATALOG_COVER_ROUND;
  const signal = options.signal ?? new AbortController().signal;
  const stop = () => signal.aborted;
  const due = ctx.store.covers.catalogDue(round);
  let next = 0;
  let kept = 0;
  let stopped = false;
  const worker = async () => {
    for (let id = due[next++]; id !== undefined && !stopped && !stop(); id = due[next++]) {
      try {
        if (await fetchOne(ctx, id, signal)) kept += 1;
      } catch (error) {
        // Offline, the server busy or refusing (a proxy, a server without the route), an answer
        // that is not a whole cover, or the disk: the next sync asks again.
        stopped = true;
        if (stop()) return; // the request was ended by the app closing, not by the server
        const reason = error instanceof AskLater ? error.message : String(error);
        if (isAppError(error) && !isTransient(error)) {
          ctx.logger.warn('catalog covers refused by the server', {
            contentId: id,
            reason: error.code,
          });
        } else {
          ctx.logger.info('catalog covers paused', { reason });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
  if (kept > 0) ctx.events.emit('library.changed', { reason: 'covers' });
  if (stopped || stop()) return 'stopped';
  return due.length < round ? 'done' : 'more';
}
