import type { LibraryView } from './library-view';

/**
 * The library's view until the user changes it. Apart from library-view.ts (which re-exports it)
 * so the renderer's boot (renderer/src/lib/boot.ts) can read it without evaluating zod first.
 */
export const DEFAULT_LIBRARY_VIEW: LibraryView = {
  layout: 'grid',
  sort: 'title',
  direction: 'asc',
  columns: { order: [], hidden: [], widths: {} },
};
