import type { FolderPicker } from '../core/library/save-package';

/** The slice of Electron's dialog used here (a fake in unit tests). */
export interface OpenDialogLike<W> {
  showOpenDialog(
    window: W,
    options: {
      title: string;
      buttonLabel: string;
      properties: ('openDirectory' | 'createDirectory')[];
    },
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/**
 * The core's folder picker under Electron: a native "choose a folder" dialog, modal to the app's
 * window (one can be created from it). Returns null when the user cancels or there is no window
 * to ask from.
 */
export function electronFolderPicker<W>(
  dialog: OpenDialogLike<W>,
  window: () => W | null,
): FolderPicker {
  return async ({ title }) => {
    const parent = window();
    if (!parent) return null;
    const result = await dialog.showOpenDialog(parent, {
      title,
      buttonLabel: 'Save here',
      properties: ['openDirectory', 'createDirectory'],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
