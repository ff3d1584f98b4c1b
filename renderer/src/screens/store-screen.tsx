import { useState } from 'react';
import { CONTENT_KINDS, type ContentKind } from '../../../shared/api/content-kinds';
import type { StoreItem } from '../../../shared/ipc/contract';
import { BuyDialog } from '../components/buy-dialog';
import { ErrorMessage } from '../components/error-message';
import { StoreCard } from '../components/store-card';
import { useDebounced } from '../hooks/use-debounced';
import { useEvent } from '../hooks/use-event';
import { useStorePages } from '../hooks/use-store-pages';
import { kindLabel } from '../lib/format';

/** The catalog: search, filter by kind, every version or only the newest, and buy. */
export function StoreScreen() {
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<ContentKind | ''>('');
  const [allVersions, setAllVersions] = useState(false);
  const [buying, setBuying] = useState<StoreItem | null>(null);
  const q = useDebounced(query.trim(), 250);
  const store = useStorePages({
    ...(q ? { q } : {}),
    ...(kind ? { kind } : {}),
    latestOnly: allVersions ? 'false' : 'true',
  });
  useEvent('library.changed', store.reload);

  return (
    <div className="screen store">
      <h1>Store</h1>
      <div className="toolbar" role="search">
        <label className="field grow">
          <span>Search the store</span>
          <input
            type="search"
            value={query}
            placeholder="Title or creator"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as ContentKind | '')}>
            <option value="">All kinds</option>
            {CONTENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allVersions}
            onChange={(e) => setAllVersions(e.target.checked)}
          />
          Show older versions
        </label>
      </div>
      <ErrorMessage error={store.error} onRetry={store.reload} />
      {store.loaded && store.items.length === 0 ? (
        <p className="empty">Nothing in the store matches.</p>
      ) : null}
      <div className="store-grid" aria-busy={store.loading}>
        {store.items.map((item) => (
          <StoreCard key={item.contentId} item={item} onBuy={setBuying} />
        ))}
      </div>
      {store.hasMore ? (
        <button
          type="button"
          className="button load-more"
          onClick={store.loadMore}
          disabled={store.loading}
        >
          Show more
        </button>
      ) : null}
      {buying ? <BuyDialog item={buying} onClose={() => setBuying(null)} /> : null}
    </div>
  );
}
