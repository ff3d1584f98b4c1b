import type { Handlers } from '../../../shared/ipc/bridge';
import type { CoreContext } from '../core-context';
import type { Downloads } from '../library/downloads';
import { libraryDetail } from '../library/library-detail';
import { openVerified } from '../library/open-content';
import type { VerifiedHandoff } from '../library/verified-handoff';

type LibraryHandlers = Pick<
  Handlers,
  | 'library.list'
  | 'library.get'
  | 'library.counts'
  | 'content.download'
  | 'content.cancelDownload'
  | 'content.open'
>;

export function libraryHandlers(
  ctx: CoreContext,
  downloads: Downloads,
  handoff: VerifiedHandoff,
): LibraryHandlers {
  return {
    'library.list': (input) => ctx.store.library.list(input),
    'library.get': ({ contentId }) => libraryDetail(ctx, contentId),
    'library.counts': () => ctx.store.library.counts(),

    'content.download': async ({ contentId }) => {
      await downloads.download(contentId);
      return { contentId, downloaded: true as const };
    },
    'content.cancelDownload': ({ contentId }) => ({ cancelled: downloads.cancel(contentId) }),

    /**
     * Checks the license and the whole vault file before handing out a URL, so a tampered file
     * is reported here (CONTENT_CORRUPT) rather than as a broken viewer.
     */
    'content.open': async ({ contentId }) => {
      const { content } = await openVerified(ctx, contentId, handoff);
      return {
        contentId,
        title: content.title,
        mime: content.mime,
        kind: content.kind,
        url: ctx.contentUrl(contentId),
      };
    },
  };
}
