import { useState } from 'react';
import type { SyncStatus } from '../../../shared/ipc/sync';
import { ErrorMessage } from '../components/error-message';
import { LibraryToolbar } from '../components/library-toolbar';
import type { LibraryLayout } from '../components/library-toolbar';
import { LibraryView } from '../components/library-view';
import { OfflineBanner } from '../components/offline-banner';
import { useLibraryPages } from '../hooks/use-library-pages';
import type { LibraryFilters } from '../hooks/use-library-pages';
import { formatCount } from '../lib/format';
import { usePersistentState } from '../hooks/use-persistent-state';

/** The user's contents: search as you type, filters, sort, grid or list. */
export function LibraryScreen({ syncStatus }: { syncStatus: SyncStatus | undefined }) {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = usePersistentState<LibraryFilters>('library.filters', {
    sort: 'title',
    direction: 'asc',
  });
  const [layout, setLayout] = usePersistentState<LibraryLayout>('library.layout', 'grid');
  // No debounce: the library is local (a search costs the core a few ms) and useLibraryPages
  // drops answers for an older query, so every keystroke can ask and the newest answer wins.
  const search = query.trim();
  const library = useLibraryPages({ ...filters, ...(search ? { query: search } : {}) });
  const filtered = Boolean(search || filters.kind || filters.state);

  return (
    <div className="screen library">
      <div className="screen-head">
        <h1>Library</h1>
        <p className="count" aria-live="polite">
          {library.total === null
            ? 'Loading…'
            : `${formatCount(library.total)} ${library.total === 1 ? 'item' : 'items'}`}
        </p>
      </div>
      <OfflineBanner status={syncStatus} />
      <LibraryToolbar
        query={query}
        onQuery={setQuery}
        filters={filters}
        onFilters={setFilters}
        layout={layout}
        onLayout={setLayout}
      />
      <ErrorMessage error={library.error} />
      {library.total === 0 ? (
        <div className="empty">
          {filtered ? (
            <p>Nothing in your library matches. Try another search or filter.</p>
          ) : (
            <p>
              Your library is empty. <a href="#/store">Visit the store</a> to add contents.
            </p>
          )}
        </div>
      ) : (
        <LibraryView library={library} layout={layout} />
      )}
    </div>
  );
}
