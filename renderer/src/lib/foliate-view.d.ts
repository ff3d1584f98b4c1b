// The part of foliate-js (plain ESM JavaScript, no types) the EPUB reader uses. Importing
// `foliate-js/view.js` defines the `<foliate-view>` custom element.
declare module 'foliate-js/view.js' {
  export interface TocItem {
    label: string;
    href: string;
    subitems?: TocItem[];
  }

  export interface RelocateDetail {
    cfi: string;
    fraction: number;
    tocItem?: { label: string; href: string } | null;
    location?: { current: number; total: number };
  }

  export interface FoliateRenderer extends HTMLElement {
    setStyles(css: string): void;
    next(): Promise<void>;
    prev(): Promise<void>;
  }

  export interface FoliateBook {
    toc?: TocItem[];
    metadata?: { title?: unknown };
  }

  export interface SearchResult {
    label?: string;
    subitems?: { cfi: string; excerpt: { pre: string; match: string; post: string } }[];
    cfi?: string;
    excerpt?: { pre: string; match: string; post: string };
    progress?: number;
  }

  export class View extends HTMLElement {
    book: FoliateBook;
    renderer: FoliateRenderer;
    open(book: Blob | File): Promise<void>;
    init(options: { lastLocation?: string | null; showTextStart?: boolean }): Promise<void>;
    goTo(target: string): Promise<unknown>;
    goLeft(): Promise<void>;
    goRight(): Promise<void>;
    next(): Promise<void>;
    prev(): Promise<void>;
    search(options: { query: string }): AsyncGenerator<SearchResult | 'done'>;
    clearSearch(): void;
    close(): void;
  }
}

// Modules `<foliate-view>` imports on demand while it opens a reflowable EPUB; the reader loads
// them ahead (epub-engine.ts) and uses nothing of them directly.
declare module 'foliate-js/epub.js';
declare module 'foliate-js/vendor/zip.js';
declare module 'foliate-js/paginator.js';
