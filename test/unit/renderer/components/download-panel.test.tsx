import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadPanel } from '../../../../renderer/src/components/download-panel';
import { installFakeShelf, libraryItem } from '../fake-shelf';

afterEach(cleanup);

describe('DownloadPanel', () => {
  it('shows the progress of `download.progress` events until the download ends', async () => {
    const item = libraryItem({ size: 4096 });
    let finish: () => void = () => {};
    const fake = installFakeShelf({
      'content.download': () =>
        new Promise((resolve) => {
          finish = () => resolve({ contentId: item.contentId, downloaded: true });
        }),
      'content.cancelDownload': () => ({ cancelled: true }),
    });
    render(<DownloadPanel contentId={item.contentId} title={item.title} size={item.size} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    const bar = await screen.findByRole('progressbar', { name: `Downloading ${item.title}` });
    act(() =>
      fake.emit('download.progress', {
        contentId: item.contentId,
        receivedBytes: 1024,
        totalBytes: 4096,
      }),
    );
    expect(bar.getAttribute('value')).toBe('25');
    expect(screen.getByText('25% · 1.0 KB of 4.0 KB')).toBeTruthy();
    // Another content's progress is not ours.
    act(() =>
      fake.emit('download.progress', {
        contentId: libraryItem().contentId,
        receivedBytes: 4096,
        totalBytes: 4096,
      }),
    );
    expect(bar.getAttribute('value')).toBe('25');

    fireEvent.click(screen.getByRole('button', { name: 'Cancel download' }));
    expect(fake.callsTo('content.cancelDownload')).toEqual([{ contentId: item.contentId }]);
    await act(async () => finish());
    expect(await screen.findByRole('button', { name: 'Download' })).toBeTruthy();
  });
});
