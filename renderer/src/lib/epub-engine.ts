import type * as FoliateView from 'foliate-js/view.js';

let loading: Promise<typeof FoliateView> | null = null;

/**
 * foliate-js's view and the modules its `open` would otherwise import one after another once
 * the book's bytes are in (zip reader, EPUB parser, paginator), all fetched and evaluated at
 * once. Called by the item screen of a downloaded EPUB and by the reader, so opening a book does
 * not wait for the engine's code (docs/design.md §11.5). Loaded once per page.
 */
export function loadEpubEngine(): Promise<typeof FoliateView> {
  loading ??= Promise.all([
    import('foliate-js/view.js'),
    import('foliate-js/vendor/zip.js'),
    import('foliate-js/epub.js'),
    import('foliate-js/paginator.js'),
  ]).then(
    ([view]) => view,
    (error: unknown) => {
      // A failed chunk load (an update replaced the files, say) is tried again next time.
      loading = null;
      throw error;
    },
  );
  return loading;
}

export const EPUB_MIME = 'application/epub+zip';
