import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
// Vite emits the worker as a file of the app (`worker-src 'self'`); no plugin, no CDN.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export interface OpenedPdf {
  pdf: PDFDocumentProxy;
  /** Ends the worker's copy of the document. */
  close: () => Promise<void>;
}

/** Opens a PDF from the decrypted bytes the app's content route serves (in memory only). */
export async function openPdf(url: string): Promise<OpenedPdf> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`status ${response.status}`);
  const task = getDocument({ data: new Uint8Array(await response.arrayBuffer()) });
  return { pdf: await task.promise, close: () => task.destroy() };
}

/** The plain text of every page, for find-in-document (index 0 is page 1). */
export async function pageTexts(pdf: PDFDocumentProxy): Promise<string[]> {
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts;
}
