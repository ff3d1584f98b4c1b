import { getShelf } from './shelf';

/** Width of a drawn cover, in px: enough for the grid's tile at 2× density. */
const COVER_WIDTH = 240;
/** PDFs already tried in this window: each is drawn at most once, one at a time. */
const tried = new Set<string>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * Draws a downloaded PDF's first page with pdf.js and hands it to the core as the item's cover
 * (docs/design.md §12.4): the core has no PDF renderer, the page has. pdf.js loads only when a
 * PDF needs a cover. Failures leave the letter tile; nothing is retried until the next start.
 * Resolves with whether the core kept the drawing.
 */
export function drawPdfCover(contentId: string): Promise<boolean> {
  if (tried.has(contentId)) return Promise.resolve(false);
  tried.add(contentId);
  const drawn = queue.then(async () => {
    try {
      const { openPdf } = await import('./pdf');
      const opened = await getShelf().invoke('content.open', { contentId });
      const { pdf, close } = await openPdf(opened.url);
      try {
        const page = await pdf.getPage(1);
        const unscaled = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: COVER_WIDTH / unscaled.width });
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(viewport.width);
        canvas.height = Math.ceil(viewport.height);
        await page.render({ canvas, viewport }).promise;
        const { kept } = await getShelf().invoke('library.setCover', {
          contentId,
          dataUrl: canvas.toDataURL('image/png'),
        });
        return kept;
      } finally {
        await close();
      }
    } catch {
      // The letter tile (or the catalog's cover) stays; the PDF itself still opens.
      return false;
    }
  });
  queue = drawn;
  return drawn;
}
