import type { ReactNode } from 'react';
import { SearchBox } from './search-box';

interface Props {
  query: string;
  /** A text put in the search box by the screen (SearchBox's `chosen`). */
  chosen: { text: string; revision: number };
  onQuery: (query: string) => void;
  /** The controls beside the search box (LibraryControls). */
  children: ReactNode;
}

/**
 * The library's toolbar: the search box, then the filters, sort and layout (`children`: the
 * screen renders LibraryControls there itself, so the toolbar passes none of their props on).
 */
export function LibraryToolbar({ query, chosen, onQuery, children }: Props) {
  return (
    <div className="toolbar" role="search">
      <label className="field grow">
        <span>Search</span>
        <SearchBox query={query} chosen={chosen} onQuery={onQuery} />
      </label>
      <span id="library-search-help" className="visually-hidden">
        Field queries: creator:name, kind:ebook, tag:name; quote a value with spaces.
      </span>
      {children}
    </div>
  );
}
