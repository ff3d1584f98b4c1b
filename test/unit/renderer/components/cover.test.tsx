import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COVER_SETTLE_MS, Cover } from '../../../../renderer/src/components/cover';
import { installFakeShelf, libraryItem } from '../fake-shelf';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const urlOf = (contentId: string) => `data:image/png;base64,${btoa(contentId)}`;
const coverShelf = () =>
  installFakeShelf({
    'library.cover': ({ contentId }) => ({ dataUrl: urlOf(contentId), fromCatalog: false }),
  });
const imageOf = (container: HTMLElement) =>
  container.querySelector('img[data-testid="cover-image"]')?.getAttribute('src') ?? null;

describe('Cover', () => {
  it('asks no cover for the items a card shows only while the user types past them', async () => {
    const fake = coverShelf();
    const [first, second, last] = [1, 2, 3].map(() => libraryItem({ hasCover: true }));
    const { container, rerender } = render(<Cover item={first!} className="cover" />);
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS / 3));
    rerender(<Cover item={second!} className="cover" />);
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS / 3));
    rerender(<Cover item={last!} className="cover" />);
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS - 1));
    // The letter tile until the card has shown its item long enough.
    expect(fake.callsTo('library.cover')).toEqual([]);
    expect(imageOf(container)).toBeNull();
    expect(container.textContent).toBe('T');
    await act(async () => vi.advanceTimersByTimeAsync(1));
    expect(fake.callsTo('library.cover')).toEqual([{ contentId: last!.contentId }]);
    expect(imageOf(container)).toBe(urlOf(last!.contentId));
  });

  it('shows a cover that came before in the first render of the card, without asking again', async () => {
    const fake = coverShelf();
    const item = libraryItem({ hasCover: true });
    const first = render(<Cover item={item} className="cover" />);
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS));
    expect(imageOf(first.container)).toBe(urlOf(item.contentId));
    first.unmount();

    // Scrolled back, or the same search typed again: no letter tile first, no second call.
    const again = render(<Cover item={item} className="cover" />);
    expect(imageOf(again.container)).toBe(urlOf(item.contentId));
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS));
    expect(imageOf(again.container)).toBe(urlOf(item.contentId));
    expect(fake.callsTo('library.cover')).toHaveLength(1);
  });

  it('asks again once the content is downloaded, and never for an item without a cover', async () => {
    const fake = coverShelf();
    const item = libraryItem({ hasCover: true });
    const bare = libraryItem({ hasCover: false, title: 'no cover' });
    const { container, rerender } = render(<Cover item={bare} className="cover" />);
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS * 2));
    expect(fake.callsTo('library.cover')).toEqual([]);
    expect(container.textContent).toBe('N');

    rerender(<Cover item={item} className="cover" />);
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS));
    rerender(<Cover item={{ ...item, downloaded: true }} className="cover" />);
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS));
    expect(fake.callsTo('library.cover')).toEqual([
      { contentId: item.contentId },
      { contentId: item.contentId },
    ]);
  });
});
