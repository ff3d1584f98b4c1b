/**
 * The mark the renderer puts on the page's performance timeline once the app's first render has
 * been committed, whether it built the page or took over index.html's prerendered markup
 * (docs/design.md §7.5): from then on the page answers input. The browser host's bridge starts
 * its worker then on a seeded page, and the renderer bench reads it.
 */
export const APP_STARTED_MARK = 'shelf:app-started';
