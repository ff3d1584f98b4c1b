import { AppError } from '../../../shared/errors';
import { DEFAULT_LIBRARY_VIEW } from '../../../shared/ipc/library-view-default';
import type { Handlers } from '../../../shared/ipc/bridge';
import type { CoreContext } from '../core-context';
import type { Downloads } from '../library/downloads';
import { libraryDetail } from '../library/library-detail';
import { keepDrawnCover } from '../library/covers';
import { libraryCsv } from '../library/library-csv';
import { libraryPrefetcher } from '../library/library-prefetch';
import { openVerified } from '../library/open-content';
import { removeLocalCopies } from '../library/remove-local';
import { packageFileName, savePackageToFolder } from '../library/save-package';
import type { VerifiedHandoff } from '../library/verified-handoff';

type LibraryHandlers = Pick<
  Handlers,
  | 'library.list'
  | 'library.prefetch'
  | 'library.get'
  | 'library.counts'
  | 'library.ids'
  | 'library.cover'
  | 'library.setCover'
  | 'library.exportCsv'
  | 'content.removeLocal'
  | 'content.download'
  | 'content.cancelDownload'
  | 'content.open'
  | 'content.saveToFolder'
>;

export function libraryHandlers(
  ctx: CoreContext,
  downloads: Downloads,
  handoff: VerifiedHandoff,
): LibraryHandlers {
  const prefetcher = libraryPrefetcher(() => ctx.store.library);
  // The first keystroke's screens, read once the start's warm-up has read the search's pages
  // (library-prefetch.ts): in the saved view's sort, which the library opens with. Dropped at
  // every change, held back or not (events.ts `watch`).
  ctx.events.watch((event) => {
    if (event === 'library.changed') prefetcher.forget();
  });
  void ctx.store.warmUp.done
    .then(({ stopped }) => {
      if (stopped) return;
      const view = ctx.settings.get().libraryView ?? DEFAULT_LIBRARY_VIEW;
      return prefetcher.warmFirstChars({ sort: view.sort, direction: view.direction });
    })
    .catch(() => undefined);
  return {
    'library.list': (input) => ctx.store.library.list(input),
    'library.prefetch': prefetcher.prefetch,
    'library.get': ({ contentId }) => libraryDetail(ctx, contentId),
    'library.counts': () => ctx.store.library.counts(),
    'library.ids': (input) => ({ contentIds: ctx.store.library.ids(input) }),
    'library.cover': async ({ contentId }) => {
      const cover = ctx.store.covers.get(contentId);
      if (!cover) return { dataUrl: null, fromCatalog: false };
      const bytes = await ctx.vault.readAll(cover.file, cover.key);
      return {
        dataUrl: `data:${cover.mime};base64,${bytes.toString('base64')}`,
        fromCatalog: cover.fromCatalog,
      };
    },
    'library.setCover': async ({ contentId, dataUrl }) => ({
      kept: await keepDrawnCover(ctx, contentId, dataUrl),
    }),
    'library.exportCsv': ({ contentIds }) => ({
      filename: `shelfkeeper-library-${ctx.now().slice(0, 10)}.csv`,
      csv: libraryCsv(ctx.store.library.itemsById(contentIds)),
    }),
    'content.removeLocal': async ({ contentIds }) => ({
      removed: await removeLocalCopies(ctx, downloads, contentIds),
    }),

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
      const { content, chapters } = await openVerified(ctx, contentId, handoff);
      return {
        contentId,
        title: content.title,
        mime: content.mime,
        kind: content.kind,
        url: ctx.contentUrl(contentId),
        chapters,
      };
    },

    'content.saveToFolder': async ({ contentId }) => {
      const content = ctx.store.contents.get(contentId);
      if (!content) throw new AppError('NOT_FOUND', 'This content is not in your library');
      if (content.kind !== 'software') {
        throw new AppError('VALIDATION_FAILED', 'Only a software package is saved to a folder.');
      }
      if (!ctx.pickFolder) {
        // No folder dialog here: the package file is downloaded, and the browser asks where
        // (or puts it in its downloads folder). The route checks the license as for an open.
        return {
          method: 'download' as const,
          url: `${ctx.contentUrl(contentId)}?download=1`,
          filename: packageFileName(content.title, content.mime),
        };
      }
      const folder = await ctx.pickFolder({ title: `Save “${content.title}” to a folder` });
      if (folder === null) return { method: 'cancelled' as const };
      return { method: 'folder' as const, ...(await savePackageToFolder(ctx, contentId, folder)) };
    },
  };
}
