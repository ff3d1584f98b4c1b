import { useEffect, useRef, useState } from 'react';
import type { TocItem, View } from 'foliate-js/view.js';
import { usePersistentState } from '../hooks/use-persistent-state';
import type { Places } from '../hooks/use-places';
import { loadEpubEngine } from '../lib/epub-engine';
import { DEFAULT_READER_SETTINGS, readerCss, type ReaderSettings } from '../lib/reader-style';
import { BookmarksPanel } from './bookmarks-panel';
import { ReaderToolbar } from './reader-toolbar';
import { TocPanel } from './toc-panel';

interface Props {
  url: string;
  title: string;
  /**
   * Positions are EPUB CFIs; the book opens at `places.initial` (or the start of the text). The
   * book is fetched and unzipped while the places are still being read, and shown once both are.
   */
  places: Places;
}

/**
 * The EPUB reader: foliate-js renders the book in the page from the decrypted bytes that the
 * app's content route serves (the bytes stay in memory as a Blob; foliate unzips them and shows
 * each section in a sandboxed blob: frame, where the app's CSP forbids the book's scripts).
 */
export function EpubReader({ url, title, places }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<View | null>(null);
  const [settings, setSettings] = usePersistentState<ReaderSettings>(
    'reader.settings',
    DEFAULT_READER_SETTINGS,
  );
  const [toc, setToc] = useState<TocItem[]>([]);
  const [where, setWhere] = useState({ cfi: '', label: '', fraction: 0 });
  // `shown`: the first page is on screen (what the reader waits for), but foliate's `init` is
  // still running and would override a jump made now; `ready`: it finished, so it can be steered.
  const [state, setState] = useState<'opening' | 'shown' | 'ready' | 'failed'>('opening');
  const { save, initial, ready } = places;
  // Resolved with the position to open at once the places are read (at most once per reader).
  const [opening] = useState(() => {
    let resolve: (position: string | null) => void = () => {};
    const promise = new Promise<string | null>((r) => (resolve = r));
    return { promise, resolve };
  });
  useEffect(() => {
    if (ready) opening.resolve(initial);
  }, [ready, initial, opening]);
  const placeHandler = useRef(save);
  useEffect(() => {
    placeHandler.current = save;
  }, [save]);

  useEffect(() => {
    let live = true;
    const element = host.current;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'ArrowLeft' || event.key === 'PageUp') void view.current?.goLeft();
      else if (event.key === 'ArrowRight' || event.key === 'PageDown') void view.current?.goRight();
    };
    (async () => {
      // Phases for the first-page benchmark (test/e2e/reader-first-page.spec.ts reads them).
      performance.mark('reader:mounted');
      const [response] = await Promise.all([
        fetch(url).then((answer) => (performance.mark('reader:headers'), answer)),
        loadEpubEngine().then(() => performance.mark('reader:engine')),
      ]);
      if (!response.ok) throw new Error(`status ${response.status}`);
      const blob = await response.blob();
      performance.mark('reader:bytes');
      if (!live || !element) return;
      const book = new File([blob], 'book.epub', { type: 'application/epub+zip' });
      const created = document.createElement('foliate-view') as View;
      created.className = 'epub-view';
      element.replaceChildren(created);
      // Arrow keys pressed while focus is inside the book's frame reach the frame's document.
      created.addEventListener('load', (event) => {
        const { doc } = (event as CustomEvent<{ doc: Document }>).detail;
        doc.addEventListener('keydown', onKey);
      });
      created.addEventListener('relocate', (event) => {
        const detail = (
          event as CustomEvent<{
            cfi: string;
            fraction: number;
            tocItem?: { label: string } | null;
          }>
        ).detail;
        const label = detail.tocItem?.label ?? '';
        setWhere({ cfi: detail.cfi, label, fraction: detail.fraction });
        // The first relocation is the first page on screen: `init` still waits after it (foliate
        // pauses 100 ms after turning to the first page).
        if (live) setState((current) => (current === 'opening' ? 'shown' : current));
        placeHandler.current(detail.cfi);
      });
      await created.open(book);
      performance.mark('reader:book-opened');
      if (!live) return created.close();
      view.current = created;
      created.renderer.setAttribute('flow', settings.flow);
      created.renderer.setStyles(readerCss(settings));
      setToc(created.book.toc ?? []);
      const lastLocation = await opening.promise;
      performance.mark('reader:places');
      if (!live) return;
      await created.init({ lastLocation, showTextStart: false });
      if (live) setState('ready');
    })().catch(() => live && setState('failed'));
    return () => {
      live = false;
      view.current?.close();
      view.current = null;
    };
    // The book is opened once per URL; settings and place changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    current.renderer.setAttribute('flow', settings.flow);
    current.renderer.setStyles(readerCss(settings));
  }, [settings, state]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowLeft') void view.current?.goLeft();
    else if (event.key === 'ArrowRight') void view.current?.goRight();
  };
  /** A jump from the contents or a bookmark, once the book can be steered (see `state`). */
  const go = (target: string) => {
    if (state === 'ready') void view.current?.goTo(target);
  };

  return (
    <div className="epub-reader" data-reader-theme={settings.theme}>
      <ReaderToolbar
        settings={settings}
        onChange={setSettings}
        onPrev={() => void view.current?.prev()}
        onNext={() => void view.current?.next()}
        disabled={state !== 'ready'}
      />
      <div className="epub-body">
        <div className="reader-side">
          <TocPanel items={state === 'ready' ? toc : []} current={where.label} onGo={go} />
          <BookmarksPanel
            bookmarks={places.bookmarks}
            onAdd={
              state === 'ready' && where.cfi
                ? () =>
                    void places.addBookmark(
                      where.cfi,
                      `${where.label || title} · ${Math.round(where.fraction * 100)}%`,
                    )
                : null
            }
            onGo={go}
            onDelete={(id) => void places.deleteBookmark(id)}
            error={places.error}
          />
        </div>
        <div
          className="epub-pages"
          ref={host}
          role="document"
          aria-label={`${title}, ${where.label || 'book'}`}
          tabIndex={0}
          onKeyDown={onKeyDown}
          data-testid="epub-pages"
        />
      </div>
      <p className="reader-status" aria-live="polite" data-testid="reader-status">
        {state === 'failed'
          ? 'The book could not be opened.'
          : state === 'opening'
            ? 'Opening…'
            : `${where.label ? `${where.label} · ` : ''}${Math.round(where.fraction * 100)}%`}
      </p>
    </div>
  );
}
