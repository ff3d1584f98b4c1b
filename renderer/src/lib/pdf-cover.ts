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
 */
export function drawPdfCover(contentId: string): void {
  if (tried.has(contentId)) return;
  tried.add(contentId);
  queue = queue.then(async () => {
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
        await getShelf().invoke('library.setCover', {
          contentId,
          dataUrl: canvas.toDataURL('image/png'),
        });
      } finally {
        await close();
      }
    } catch {
      // The letter tile stays; the PDF itself still opens in the viewer.
    }
  });
}
