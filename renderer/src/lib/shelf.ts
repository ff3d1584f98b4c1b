import type { ShelfBridge } from '../../../shared/ipc/bridge';

/** The one way the renderer reaches the app: `window.shelf`, set before the page's scripts run. */
export function getShelf(): ShelfBridge {
  const shelf = window.shelf;
  if (!shelf) throw new Error('window.shelf is missing');
  return shelf;
}

export function hasShelf(): boolean {
  return window.shelf !== undefined;
}
