import { memo, useEffect, useState } from 'react';
import type { LibraryItem } from '../../../shared/ipc/library';
import { drawPdfCover } from '../lib/pdf-cover';
import { getShelf } from '../lib/shelf';
import { turns } from '../lib/turns';

interface Answer {
  url: string | null;
  fromCatalog: boolean;
}

interface Asked {
  downloaded: boolean;
  answer: Promise<Answer>;
  /** The answer once it has come: a card shows it in its first render, not a frame later. */
  value?: Answer;
}

/**
 * Covers already asked, by content id, with whether it was on this device then: scrolling back
 * must not ask the core again, and a download or a removed copy (the content's own cover may have
 * replaced the catalog's in between) must.
 */
const cache = new Map<string, Asked>();
const CACHE_ENTRIES = 600;

/**
 * How long a card shows an item before that item's cover is asked. Every screen a search shows
 * while the user types, and every row a scroll flies past, would otherwise ask each of its
 * covers: a whole image each, read from the vault, sent as a data URL through the bridge and
 * decoded, for cards replaced a keystroke later, on the cores the next keystroke needs
 * (bench/findings.md, keystroke, seventeenth pass). The letter tile shows meanwhile.
 */
export const COVER_SETTLE_MS = 150;

/**
 * Covers asked at once. A screen's covers asked together (35 cards at the start) came back as one
 * burst of answers, each a large message for the bridge's worker to read and the page to take
 * and decode, and a keystroke's own call and render waited behind all of them (bench/findings.md,
 * keystroke, seventeenth pass); two at a time, a keystroke waits for two at most.
 */
export const COVERS_AT_ONCE = 2;
const coverTurns = turns(COVERS_AT_ONCE);

function keptCover(contentId: string, downloaded: boolean): Answer | undefined {
  const cached = cache.get(contentId);
  return cached && cached.downloaded === downloaded ? cached.value : undefined;
}

function coverOf(contentId: string, downloaded: boolean, fresh = false): Promise<Answer> {
  const cached = cache.get(contentId);
  if (cached && cached.downloaded === downloaded && !fresh) return cached.answer;
  const asked: Asked = {
    downloaded,
    answer: getShelf()
      .invoke('library.cover', { contentId })
      .then(
        (found) => ({ url: found.dataUrl, fromCatalog: found.fromCatalog }),
        () => ({ url: null, fromCatalog: false }),
      )
      .then((answer) => {
        asked.value = answer;
        return answer;
      }),
  };
  cache.delete(contentId);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(contentId, asked);
  return asked.answer;
}

interface Props {
  item: Pick<LibraryItem, 'contentId' | 'title' | 'hasCover' | 'mime' | 'downloaded'>;
  className: string;
}

/**
 * The item's cover (docs/design.md §12.4): its content's, or the catalog's until the content is
 * downloaded and gives its own; the coloured letter tile while it loads and when there is none.
 * A cover come before shows at once; another is asked once the card has shown its item for
 * COVER_SETTLE_MS. Decorative: the title says what the item is.
 */
export const Cover = memo(function Cover({ item, className }: Props) {
  const [shownFor, setShown] = useState<{ id: string; url: string | null } | null>(null);
  const { contentId, hasCover, downloaded } = item;
  // A PDF's cover is its first page, drawn here once it is on this device, over the catalog's.
  const pdf = downloaded && item.mime === 'application/pdf';
  useEffect(() => {
    if (pdf && !hasCover) void drawPdfCover(contentId);
  }, [pdf, hasCover, contentId]);
  useEffect(() => {
    if (!hasCover) return undefined;
    let live = true;
    const show = (answer: Answer) => {
      if (live) setShown({ id: contentId, url: answer.url });
    };
    // Resolves once the answer is shown: a PDF's drawing goes on outside the turn.
    const ask = () =>
      coverOf(contentId, downloaded).then((answer) => {
        show(answer);
        if (!pdf || !answer.fromCatalog) return;
        void drawPdfCover(contentId).then(async (drawn) => {
          if (drawn) show(await coverOf(contentId, downloaded, true));
        });
      });
    let withdraw: (() => void) | undefined;
    const kept = keptCover(contentId, downloaded) !== undefined;
    const timer = kept
      ? undefined
      : setTimeout(() => (withdraw = coverTurns.take(ask)), COVER_SETTLE_MS);
    if (kept) void ask();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
      withdraw?.();
    };
  }, [contentId, hasCover, downloaded, pdf]);
  const shown = !hasCover
    ? null
    : shownFor?.id === contentId
      ? shownFor.url
      : (keptCover(contentId, downloaded)?.url ?? null);
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
