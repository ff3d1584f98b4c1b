import { memo } from 'react';
import { CONTENT_KINDS } from '../../../shared/api/content-kinds';
import { LIBRARY_COLUMNS, LIBRARY_SORT_KEYS } from '../../../shared/ipc/library-column-list';
import type { LibraryLayout, LibraryView } from '../../../shared/ipc/library-view';
import type { TagCount } from '../../../shared/ipc/tags';
import type { LibraryFilters } from '../hooks/use-library-pages';
import { kindLabel } from '../lib/format';

/** The filters the toolbar's selects hold (the search box may name others). */
export type ToolbarFilters = Pick<LibraryFilters, 'kind' | 'state' | 'tag'>;

interface Props {
  filters: ToolbarFilters;
  onFilters: (filters: ToolbarFilters) => void;
  view: LibraryView;
  onView: (patch: Partial<LibraryView>) => void;
  tags: readonly TagCount[];
}

const STATES = [
  { value: 'downloaded', label: 'Downloaded' },
  { value: 'not_downloaded', label: 'Not downloaded' },
  { value: 'return_pending', label: 'Return pending' },
] as const;
// The sorts and their labels come from the library's column declaration.
const SORTS = LIBRARY_SORT_KEYS.map((value) => ({ value, label: LIBRARY_COLUMNS[value].label }));
const LAYOUTS: { value: LibraryLayout; label: string }[] = [
  { value: 'grid', label: 'Grid' },
  { value: 'list', label: 'List' },
  { value: 'table', label: 'Table' },
];

/**
 * The library's filters, sort and layout, in the toolbar beside the search box. Every control has
 * a visible label. Memoised: a keystroke changes none of its props (the screen keeps its filters
 * and their setters the same from render to render), so typing renders none of its elements
 * again (bench/findings.md, keystroke, nineteenth pass).
 */
export const LibraryControls = memo(function LibraryControls({
  filters,
  onFilters,
  view,
  onView,
  tags,
}: Props) {
  const set = (patch: Partial<ToolbarFilters>) => onFilters({ ...filters, ...patch });
  return (
    <>
      <label className="field">
        <span>Kind</span>
        <select
          value={filters.kind ?? ''}
          onChange={(e) => set({ kind: (e.target.value || undefined) as ToolbarFilters['kind'] })}
        >
          <option value="">All kinds</option>
          {CONTENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(kind)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Show</span>
        <select
          value={filters.state ?? ''}
          onChange={(e) => set({ state: (e.target.value || undefined) as ToolbarFilters['state'] })}
        >
          <option value="">Everything</option>
          {STATES.map((state) => (
            <option key={state.value} value={state.value}>
              {state.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Tag</span>
        <select
          value={filters.tag ?? ''}
          onChange={(e) => set({ tag: e.target.value || undefined })}
        >
          <option value="">Any tag</option>
          {tags.map((tag) => (
            <option key={tag.tag} value={tag.tag}>
              {tag.tag} ({tag.items})
            </option>
          ))}
          {filters.tag && !tags.some((tag) => tag.tag === filters.tag) ? (
            <option value={filters.tag}>{filters.tag} (0)</option>
          ) : null}
        </select>
      </label>
      <label className="field">
        <span>Sort by</span>
        <select
          value={view.sort}
          onChange={(e) => onView({ sort: e.target.value as LibraryView['sort'] })}
        >
          {SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button"
        onClick={() => onView({ direction: view.direction === 'desc' ? 'asc' : 'desc' })}
        aria-label={
          view.direction === 'desc'
            ? 'Sorted descending; sort ascending'
            : 'Sorted ascending; sort descending'
        }
      >
        {view.direction === 'desc' ? '↓ Desc' : '↑ Asc'}
      </button>
      <div className="segmented" role="group" aria-label="Layout">
        {LAYOUTS.map(({ value, label }) => (
          <button
            key={value}
            type="button"
            className="button"
            aria-pressed={view.layout === value}
            onClick={() => onView({ layout: value })}
          >
            {label}
          </button>
        ))}
      </div>
    </>
  );
});
