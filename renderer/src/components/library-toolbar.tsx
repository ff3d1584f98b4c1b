import { LIBRARY_COLUMNS, LIBRARY_SORT_KEYS } from '../../../shared/ipc/library-columns';
import type { LibraryFilters } from '../hooks/use-library-pages';
import { kindLabel } from '../lib/format';

export type LibraryLayout = 'grid' | 'list';

interface Props {
  query: string;
  onQuery: (query: string) => void;
  filters: LibraryFilters;
  onFilters: (filters: LibraryFilters) => void;
  layout: LibraryLayout;
  onLayout: (layout: LibraryLayout) => void;
}

const KINDS = ['ebook', 'audio', 'software', 'image', 'video'] as const;
const STATES = [
  { value: 'downloaded', label: 'Downloaded' },
  { value: 'not_downloaded', label: 'Not downloaded' },
  { value: 'return_pending', label: 'Return pending' },
] as const;
// The sorts and their labels come from the library's column declaration.
const SORTS = LIBRARY_SORT_KEYS.map((value) => ({ value, label: LIBRARY_COLUMNS[value].label }));

/** Search, filters, sort and layout of the library. Every control has a visible label. */
export function LibraryToolbar({ query, onQuery, filters, onFilters, layout, onLayout }: Props) {
  const set = (patch: Partial<LibraryFilters>) => onFilters({ ...filters, ...patch });
  return (
    <div className="toolbar" role="search">
      <label className="field grow">
        <span>Search</span>
        <input
          type="search"
          value={query}
          placeholder="Title or creator"
          onChange={(e) => onQuery(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Kind</span>
        <select
          value={filters.kind ?? ''}
          onChange={(e) => set({ kind: (e.target.value || undefined) as LibraryFilters['kind'] })}
        >
          <option value="">All kinds</option>
          {KINDS.map((kind) => (
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
          onChange={(e) => set({ state: (e.target.value || undefined) as LibraryFilters['state'] })}
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
        <span>Sort by</span>
        <select
          value={filters.sort ?? 'title'}
          onChange={(e) => set({ sort: e.target.value as LibraryFilters['sort'] })}
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
        onClick={() => set({ direction: filters.direction === 'desc' ? 'asc' : 'desc' })}
        aria-label={
          filters.direction === 'desc'
            ? 'Sorted descending; sort ascending'
            : 'Sorted ascending; sort descending'
        }
      >
        {filters.direction === 'desc' ? '↓ Desc' : '↑ Asc'}
      </button>
      <div className="segmented" role="group" aria-label="Layout">
        {(['grid', 'list'] as const).map((value) => (
          <button
            key={value}
            type="button"
            className="button"
            aria-pressed={layout === value}
            onClick={() => onLayout(value)}
          >
            {value === 'grid' ? 'Grid' : 'List'}
          </button>
        ))}
      </div>
    </div>
  );
}
