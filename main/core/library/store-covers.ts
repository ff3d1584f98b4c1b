import type { CoreContext } from '../core-context';
import { askCatalogCover } from './catalog-covers';

/** Store covers remembered in memory: a few pages of the Store, the most recently shown kept. */
const KEPT = 200;

/**
 * The catalog covers of the Store's cards (docs/design.md §12.4), as data: URLs, asked through the
 * core like the library's: the renderer's CSP loads images from the app itself only, and the
 * bytes pass the same checks (type by signature, size, pixel size, ETag). Kept in memory by
 * content id (a content's catalog cover never changes), the server's "none" and final refusals
 * too; a failure of the request is thrown (the card keeps its placeholder) and asked again later.
 */
export function storeCovers(ctx: CoreContext): (contentId: string) => Promise<string | null> {
  const kept = new Map<string, string | null>();
  const remember = (contentId: string, url: string | null) => {
    kept.delete(contentId);
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(contentId, url);
  };
  return async (contentId) => {
    if (kept.has(contentId)) {
      const known = kept.get(contentId) ?? null;
      remember(contentId, known);
      return known;
    }
    const answer = await askCatalogCover(ctx, contentId);
    if (answer.kind === 'refused') {
      ctx.logger.warn('a store cover was refused', { contentId, reason: answer.reason });
      if (!answer.final) return null;
    }
    const url =
      answer.kind === 'cover'
        ? `data:${answer.mime};base64,${answer.bytes.toString('base64')}`
        : null;
    remember(contentId, url);
    return url;
  };
}
