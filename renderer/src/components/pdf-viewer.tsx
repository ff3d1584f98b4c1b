import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { Places } from '../hooks/use-places';
import { openPdf, pageTexts, type OpenedPdf } from '../lib/pdf';
import { BookmarksPanel } from './bookmarks-panel';
import { PdfPage } from './pdf-page';

interface Props {
  url: string;
  title: string;
  /** Positions are `page@zoom` ("3@1.25"; a bare "3" keeps the default zoom). */
  places: Places;
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
const DEFAULT_ZOOM = 1.25;

function parsePosition(position: string | null): { page: number; zoom: number } {
  const [page, zoom] = (position ?? '').split('@');
  const z = Number(zoom);
  return {
    page: Math.max(1, Math.floor(Number(page)) || 1),
    zoom: ZOOMS.includes(z) ? z : DEFAULT_ZOOM,
  };
}

/** The PDF viewer (pdf.js in the page, no browser plugin): page, thumbnails, zoom, find, keys. */
export function PdfViewer({ url, title, places }: Props) {
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState(() => parsePosition(places.initial).page);
  const [zoom, setZoom] = useState(() => parsePosition(places.initial).zoom);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<number[] | null>(null);
  const texts = useRef<string[] | null>(null);

  useEffect(() => {
    let live = true;
    let opened: OpenedPdf | null = null;
    openPdf(url).then(
      (doc) => {
        opened = doc;
        if (live) setPdf(doc.pdf);
        else void doc.close();
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      void opened?.close();
    };
  }, [url]);

  const pages = pdf?.numPages ?? 0;
  const { save } = places;
  const go = (n: number, atZoom = zoom) => {
    const next = Math.min(Math.max(1, n), pages || 1);
    setPage(next);
    setZoom(atZoom);
    save(`${next}@${atZoom}`);
  };
  const zoomBy = (direction: 1 | -1) => {
    const index = ZOOMS.indexOf(zoom);
    go(page, ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, index + direction))] ?? zoom);
  };
  const find = async () => {
    if (!pdf || !query.trim()) return setHits(null);
    texts.current ??= await pageTexts(pdf);
    const needle = query.trim().toLowerCase();
    const found = texts.current.flatMap((t, i) =>
      t.toLowerCase().includes(needle) ? [i + 1] : [],
    );
    setHits(found);
    if (found[0]) go(found[0]);
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement) return;
    if (event.key === 'ArrowRight' || event.key === 'PageDown') go(page + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'PageUp') go(page - 1);
    else if (event.key === 'Home') go(1);
    else if (event.key === 'End') go(pages);
    else if (event.key === '+' || event.key === '=') zoomBy(1);
    else if (event.key === '-') zoomBy(-1);
    else return;
    event.preventDefault();
  };

  if (failed) return <p role="alert">The document could not be opened.</p>;
  if (!pdf) return <p aria-busy="true">Opening…</p>;
  return (
    <div className="pdf-viewer" onKeyDown={onKeyDown}>
      <div className="reader-toolbar" role="toolbar" aria-label="Document">
        <button type="button" onClick={() => go(page - 1)} disabled={page <= 1}>
          ‹ Previous page
        </button>
        <span data-testid="pdf-page-number" aria-live="polite">
          Page {page} of {pages}
        </span>
        <button type="button" onClick={() => go(page + 1)} disabled={page >= pages}>
          Next page ›
        </button>
        <span className="reader-group" role="group" aria-label="Zoom">
          <button type="button" onClick={() => zoomBy(-1)} aria-label="Zoom out">
            −
          </button>
          <output data-testid="pdf-zoom">{Math.round(zoom * 100)}%</output>
          <button type="button" onClick={() => zoomBy(1)} aria-label="Zoom in">
            +
          </button>
        </span>
        <form
          className="reader-group"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            void find();
          }}
        >
          <input
            type="search"
            aria-label="Find in document"
            placeholder="Find…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="submit">Find</button>
          {hits ? (
            <span role="status" data-testid="pdf-hits">
              {hits.length === 0
                ? 'Not found'
                : `Found on page${hits.length > 1 ? 's' : ''} ${hits.join(', ')}`}
            </span>
          ) : null}
        </form>
      </div>
      <div className="pdf-body">
        <nav className="pdf-thumbnails" aria-label="Pages">
          <ol>
            {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
              <li key={n}>
                <button
                  type="button"
                  aria-label={`Page ${n}`}
                  aria-current={n === page ? 'page' : undefined}
                  onClick={() => go(n)}
                >
                  <PdfPage pdf={pdf} pageNumber={n} scale={0.2} withText={false} />
                  <span aria-hidden="true">{n}</span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <div
          className="pdf-stage"
          tabIndex={0}
          role="document"
          aria-label={`${title}, page ${page} of ${pages}`}
          data-testid="pdf-stage"
        >
          <PdfPage pdf={pdf} pageNumber={page} scale={zoom} withText />
        </div>
      </div>
      <BookmarksPanel
        bookmarks={places.bookmarks}
        onAdd={() => void places.addBookmark(`${page}@${zoom}`, `Page ${page}`)}
        onGo={(position) => {
          const target = parsePosition(position);
          go(target.page, target.zoom);
        }}
        onDelete={(id) => void places.deleteBookmark(id)}
        error={places.error}
      />
    </div>
  );
}
