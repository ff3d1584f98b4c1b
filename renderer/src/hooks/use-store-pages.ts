import { useCallback, useEffect, useRef, useState } from 'react';
import type { CatalogQuery } from '../../../shared/api/catalog';
import type { StoreItem } from '../../../shared/ipc/contract';
import { getShelf } from '../lib/shelf';

type StoreQuery = Omit<CatalogQuery, 'cursor' | 'limit'>;

/** The catalog, cursor-paged: the first page per query, then "load more" appends. */
export function useStorePages(query: StoreQuery) {
  const key = JSON.stringify(query);
  const [state, setState] = useState<{
    key: string;
    items: StoreItem[];
    next: string | null;
    loaded: boolean;
  }>({
    key,
    items: [],
    next: null,
    loaded: false,
  });
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const current = useRef(key);

  const load = useCallback(
    (cursor: string | null) => {
      current.current = key;
      getShelf()
        .invoke('store.list', {
          ...(JSON.parse(key) as StoreQuery),
          ...(cursor ? { cursor } : {}),
          limit: 24,
        })
        .then(
          (page) => {
            if (current.current !== key) return;
            setError(null);
            setState((prev) => ({
              key,
              items: cursor && prev.key === key ? [...prev.items, ...page.items] : page.items,
              next: page.nextCursor,
              loaded: true,
            }));
          },
          (caught: unknown) => current.current === key && setError(caught),
        )
        .finally(() => setLoadingMore(false));
    },
    [key],
  );

  useEffect(() => load(null), [load]);

  return {
    items: state.items,
    loaded: state.loaded,
    hasMore: state.next !== null,
    loadMore: () => {
      setLoadingMore(true);
      load(state.next);
    },
    reload: () => load(null),
    loading: loadingMore || state.key !== key || !state.loaded,
    error,
  };
}
