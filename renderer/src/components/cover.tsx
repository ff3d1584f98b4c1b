import { memo, useEffect, useState } from 'react';
import type { LibraryItem } from '../../../shared/ipc/library';
import { drawPdfCover } from '../lib/pdf-cover';
import { getShelf } from '../lib/shelf';

/** Covers already asked, by content id: scrolling back must not ask the core again. */
const cache = new Map<string, Promise<string | null>>();
const CACHE_ENTRIES = 600;

function coverUrl(contentId: string): Promise<string | null> {
  let url = cache.get(contentId);
  if (!url) {
    url = getShelf()
      .invoke('library.cover', { contentId })
      .then(
        (answer) => answer.dataUrl,
        () => null,
      );
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(contentId, url);
  }
  return url;
}

interface Props {
  item: Pick<LibraryItem, 'contentId' | 'title' | 'hasCover' | 'mime' | 'downloaded'>;
  className: string;
}

/**
 * The item's cover (docs/design.md §12.4), kept from its content at download; the coloured letter
 * tile while it loads and when there is none. Decorative: the title says what the item is.
 */
export const Cover = memo(function Cover({ item, className }: Props) {
  const [url, setUrl] = useState<{ id: string; url: string | null } | null>(null);
  // A PDF's cover is its first page, drawn here once it is on this device.
  const drawable = !item.hasCover && item.downloaded && item.mime === 'application/pdf';
  useEffect(() => {
    if (drawable) drawPdfCover(item.contentId);
  }, [drawable, item.contentId]);
  useEffect(() => {
    if (!item.hasCover) return undefined;
    let live = true;
    void coverUrl(item.contentId).then((found) => {
      if (live) setUrl({ id: item.contentId, url: found });
    });
    return () => {
      live = false;
    };
  }, [item.contentId, item.hasCover]);
  const shown = item.hasCover && url?.id === item.contentId ? url.url : null;
  return (
    <span className={`${className}${shown ? ' has-image' : ''}`} aria-hidden="true">
      {shown ? (
        <img src={shown} alt="" data-testid="cover-image" />
      ) : (
        item.title.slice(0, 1).toUpperCase()
      )}
    </span>
  );
});
