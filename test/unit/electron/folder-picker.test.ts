import { describe, expect, it } from 'vitest';
import { electronFolderPicker, type OpenDialogLike } from '../../../main/electron/folder-picker';

/** Electron's dialog as far as the picker uses it: records the call, answers as a user would. */
function dialogAnswering(answer: { canceled: boolean; filePaths: string[] }) {
  const calls: unknown[][] = [];
  const dialog: OpenDialogLike<string> = {
    showOpenDialog: (window, options) => {
      calls.push([window, options]);
      return Promise.resolve(answer);
    },
  };
  return { dialog, calls };
}

describe('the Electron folder picker', () => {
  it('asks for one folder, modal to the app window, and returns it', async () => {
    const { dialog, calls } = dialogAnswering({ canceled: false, filePaths: ['/home/u/Apps'] });
    const pick = electronFolderPicker(dialog, () => 'main-window');
    expect(await pick({ title: 'Save “Shelf CLI” to a folder' })).toBe('/home/u/Apps');
    expect(calls).toEqual([
      [
        'main-window',
        {
          title: 'Save “Shelf CLI” to a folder',
          buttonLabel: 'Save here',
          properties: ['openDirectory', 'createDirectory'],
        },
      ],
    ]);
  });

  it('is null when the user cancels or no window is open', async () => {
    const cancelled = dialogAnswering({ canceled: true, filePaths: [] });
    expect(await electronFolderPicker(cancelled.dialog, () => 'w')({ title: 't' })).toBeNull();
    const noWindow = dialogAnswering({ canceled: false, filePaths: ['/x'] });
    expect(await electronFolderPicker(noWindow.dialog, () => null)({ title: 't' })).toBeNull();
    expect(noWindow.calls).toEqual([]);
  });
});
