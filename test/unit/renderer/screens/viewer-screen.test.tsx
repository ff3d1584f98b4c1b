import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { ViewerScreen } from '../../../../renderer/src/screens/viewer-screen';
import { formatDateTime } from '../../../../renderer/src/lib/format';
import { installFakeShelf, libraryDetail } from '../fake-shelf';

afterEach(cleanup);

const contentId = '0b7c6d0e-1111-4222-8333-444455556666';

describe('ViewerScreen', () => {
  it('an open that succeeds asks main for nothing else than the content and its places', async () => {
    const shelf = installFakeShelf({
      'content.open': () => ({
        contentId,
        title: 'Setup',
        mime: 'application/x-unknown',
        kind: 'ebook',
        url: `/bridge/content/${contentId}`,
        chapters: [],
      }),
      'places.get': () => ({ position: null, bookmarks: [] }),
    });
    render(<ViewerScreen contentId={contentId} />);
    await screen.findByRole('heading', { name: /Setup/ });
    await waitFor(() => expect(shelf.callsTo('places.get')).toHaveLength(1));
    expect(shelf.callsTo('library.get')).toEqual([]);
  });

  it('a refused open reads the item to name the date its lease ended', async () => {
    const ended = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const shelf = installFakeShelf({
      'content.open': () => {
        throw new AppError('OFFLINE_LEASE_EXPIRED');
      },
      'library.get': () => libraryDetail({ contentId, offlineUntil: ended }),
    });
    render(<ViewerScreen contentId={contentId} />);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(
        `could be used offline until ${formatDateTime(ended)}`,
      ),
    );
    expect(shelf.callsTo('library.get')).toEqual([{ contentId }]);
  });
});
