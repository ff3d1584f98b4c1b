import type { BookmarkView } from '../hooks/use-places';
import { ErrorMessage } from './error-message';

interface Props {
  bookmarks: BookmarkView[];
  /** Adds a bookmark at the current position; disabled until the viewer knows where it is. */
  onAdd: (() => void) | null;
  onGo: (position: string) => void;
  onDelete: (bookmarkId: string) => void;
  error: unknown;
}

/** An item's bookmarks (docs/design.md §11.4): add one here, jump to one, delete one. */
export function BookmarksPanel({ bookmarks, onAdd, onGo, onDelete, error }: Props) {
  return (
    <section className="bookmarks-panel" aria-labelledby="bookmarks-heading">
      <div className="bookmarks-head">
        <h2 id="bookmarks-heading">Bookmarks</h2>
        <button type="button" onClick={onAdd ?? undefined} disabled={!onAdd}>
          Add bookmark
        </button>
      </div>
      {bookmarks.length === 0 ? (
        <p className="bookmarks-empty">No bookmarks yet.</p>
      ) : (
        <ol data-testid="bookmarks">
          {bookmarks.map((bookmark) => (
            <li key={bookmark.bookmarkId}>
              <button type="button" className="link-button" onClick={() => onGo(bookmark.position)}>
                {bookmark.label}
              </button>
              <button
                type="button"
                className="bookmark-delete"
                aria-label={`Delete bookmark ${bookmark.label}`}
                onClick={() => onDelete(bookmark.bookmarkId)}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
