import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COVERS_AT_ONCE, COVER_SETTLE_MS, Cover } from '../../../../renderer/src/components/cover';
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

  it('asks a screen of covers a few at a time, and never for a card shown another item before its turn', async () => {
    const answers = new Map<string, () => void>();
    const fake = installFakeShelf({
      'library.cover': ({ contentId }) =>
        new Promise((resolve) =>
          answers.set(contentId, () => resolve({ dataUrl: urlOf(contentId), fromCatalog: false })),
        ),
    });
    const screen = Array.from({ length: 6 }, () => libraryItem({ hasCover: true }));
    const cards = screen.map((item) => render(<Cover item={item} className="cover" />));
    await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS));
    const asked = () =>
      fake.callsTo('library.cover').map((c) => (c as { contentId: string }).contentId);
    expect(asked()).toEqual(screen.slice(0, COVERS_AT_ONCE).map((i) => i.contentId));

    // The third card shows another item (a keystroke's new screen) before its turn.
    const typed = libraryItem({ hasCover: true });
    cards[2]!.rerender(<Cover item={typed} className="cover" />);
    await act(async () => answers.get(screen[0]!.contentId)!());
    expect(imageOf(cards[0]!.container)).toBe(urlOf(screen[0]!.contentId));
    expect(asked()).toEqual([screen[0], screen[1], screen[3]].map((i) => i!.contentId));

    // The rest in turn, the newly shown item's once it has settled.
    for (let round = 0; round < 5 && answers.size > 0; round++) {
      await act(async () => vi.advanceTimersByTimeAsync(COVER_SETTLE_MS));
      for (const [id, answer] of [...answers]) {
        answers.delete(id);
        await act(async () => answer());
      }
    }
    expect(asked()).toHaveLength(6);
    expect(asked()).not.toContain(screen[2]!.contentId);
    expect(asked()).toContain(typed.contentId);
    expect(imageOf(cards[2]!.container)).toBe(urlOf(typed.contentId));
    expect(imageOf(cards[5]!.container)).toBe(urlOf(screen[5]!.contentId));
  });
});
