import { useEffect, useRef } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { TextLayer } from 'pdfjs-dist';

interface Props {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  /** Thumbnails have no text layer and are hidden from assistive technology. */
  withText: boolean;
  className?: string;
}

/** One page drawn on a canvas at `scale`, with pdf.js's selectable, searchable text layer. */
export function PdfPage({ pdf, pageNumber, scale, withText, className }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let cancel: () => void = () => undefined;
    (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled || !canvas.current || !box.current) return;
      const viewport = page.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      canvas.current.width = Math.floor(viewport.width * ratio);
      canvas.current.height = Math.floor(viewport.height * ratio);
      box.current.style.width = `${viewport.width}px`;
      box.current.style.height = `${viewport.height}px`;
      box.current.style.setProperty('--total-scale-factor', String(scale));
      const task = page.render({
        canvas: canvas.current,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      cancel = () => task.cancel();
      await task.promise;
      if (cancelled || !withText || !text.current) return;
      text.current.replaceChildren();
      await new TextLayer({
        textContentSource: page.streamTextContent(),
        container: text.current,
        viewport,
      }).render();
    })().catch(() => undefined); // A cancelled render rejects; the next effect draws again.
    return () => {
      cancelled = true;
      cancel();
    };
  }, [pdf, pageNumber, scale, withText]);

  return (
    <div className={`pdf-page ${className ?? ''}`} ref={box} data-page={pageNumber}>
      <canvas ref={canvas} aria-hidden="true" />
      {withText ? <div className="textLayer" ref={text} /> : null}
    </div>
  );
}
