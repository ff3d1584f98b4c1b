import { useCallback, useMemo, useState } from 'react';
import type { SyncStatus } from '../../../shared/ipc/sync';
import { BulkActions } from '../components/bulk-actions';
import { BulkReturnDialog } from '../components/bulk-return-dialog';
import { ColumnMenu } from '../components/column-menu';
import { ErrorMessage } from '../components/error-message';
import { LibraryTable } from '../components/library-table';
import { LibraryControls, type ToolbarFilters } from '../components/library-controls';
import { LibraryToolbar } from '../components/library-toolbar';
import { LibraryView } from '../components/library-view';
import { OfflineBanner } from '../components/offline-banner';
import { SavedSearches } from '../components/saved-searches';
import { useLibraryPages } from '../hooks/use-library-pages';
import { useLibraryView } from '../hooks/use-library-view';
import { usePersistentState } from '../hooks/use-persistent-state';
import { useSelection } from '../hooks/use-selection';
import { useTags } from '../hooks/use-tags';
import { formatCount } from '../lib/format';
import { extendsLastWord, libraryInput } from '../lib/library-input';
import { getShelf } from '../lib/shelf';

/**
 * The user's contents: search as you type (with `creator:`, `kind:` and `tag:` field queries),
 * filters, saved searches, sort, grid, list or table, and a selection to act on at once.
 */
export function LibraryScreen({ syncStatus }: { syncStatus: SyncStatus | undefined }) {
  const [query, setQuery] = useState('');
  /** The selection a bulk return is asked for, while its dialog is open. */
  const [returning, setReturning] = useState<string[] | null>(null);
  const [returned, setReturned] = useState('');
  const [stored, setFilters] = usePersistentState<ToolbarFilters>('library.filters', {});
  // Only the selects' filters: an older version kept the sort here too. The same object from one
  // keystroke to the next, so the toolbar's memoised controls are not rendered again.
  const filters: ToolbarFilters = useMemo(
    () => ({ kind: stored.kind, state: stored.state, tag: stored.tag }),
    [stored.kind, stored.state, stored.tag],
  );
  const { view, setView, loaded, viewport, reportViewport } = useLibraryView();
  const tags = useTags();
  // No debounce: the library is local (a search costs the core a few ms) and useLibraryPages
  // drops answers for an older query, so every keystroke can ask and the newest answer wins.
  const { parsed, input } = libraryInput(query, view, filters);
  const library = useLibraryPages(input, loaded);
  // The new results are asked from the handler, before React renders the keystroke.
  const { askAhead } = library;
  // The box shows what is typed itself (SearchBox): the screen takes the query up with its
  // results, in one render (askAhead's `show`).
  const onQuery = (next: string) => {
    const { input: nextInput } = libraryInput(next, view, filters);
    askAhead(nextInput, extendsLastWord(next, nextInput.query), () => setQuery(next));
  };
  /** A saved search chosen: its text goes in the box at once, whatever was typed there. */
  const [chosen, setChosen] = useState({ text: '', revision: 0 });
  const onChoose = (next: string) => {
    setChosen((last) => ({ text: next, revision: last.revision + 1 }));
    onQuery(next);
  };
  const filtered = Boolean(parsed.text || input.creator || input.kind || input.state || input.tag);
  const listKey = JSON.stringify(input);
  const { itemAt } = library;
  const selection = useSelection(
    listKey,
    useCallback((index: number) => itemAt(index)?.contentId, [itemAt]),
    useCallback(
      async () => (await getShelf().invoke('library.ids', JSON.parse(listKey))).contentIds,
      [listKey],
    ),
  );

  /** What either layout's rows are made of. */
  const rows = { library, selection, viewport, onViewport: reportViewport };

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
      <LibraryToolbar query={query} chosen={chosen} onQuery={onQuery}>
        <LibraryControls
          filters={filters}
          onFilters={setFilters}
          view={view}
          onView={setView}
          tags={tags}
        />
      </LibraryToolbar>
      <div className="toolbar secondary">
        <SavedSearches query={query} onQuery={onChoose} />
        {view.layout === 'table' ? <ColumnMenu view={view} onView={setView} /> : null}
      </div>
      {parsed.ignored.length ? (
        <p className="hint" role="status">
          Not understood: {parsed.ignored.join(', ')} (kinds: ebook, audio, software, image, video).
        </p>
      ) : null}
      {selection.ids.size > 0 ? (
        <BulkActions
          ids={selection.ids}
          onClear={selection.clear}
          onReturn={(contentIds) => {
            setReturned('');
            setReturning(contentIds);
          }}
        />
      ) : null}
      {returned ? (
        <p className="bulk-status" role="status">
          {returned}
        </p>
      ) : null}
      {returning ? (
        <BulkReturnDialog
          contentIds={returning}
          onClose={() => setReturning(null)}
          onDone={(sentence) => {
            setReturning(null);
            selection.clear();
            setReturned(sentence);
          }}
        />
      ) : null}
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
      ) : view.layout === 'table' ? (
        <LibraryTable {...rows} view={view} onView={setView} />
      ) : (
        <LibraryView {...rows} layout={view.layout} />
      )}
    </div>
  );
}
