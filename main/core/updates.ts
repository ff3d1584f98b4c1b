import { AppError } from '../../shared/errors';
import type { UpdateState } from '../../shared/ipc/updates';

/**
 * The app's own updates, behind the `update.*` channels. The Electron shell gives the core one
 * built on electron-updater (main/electron/updater.ts); every other host (the browser host, tests)
 * keeps the default, which says the desktop app manages updates.
 */
export interface UpdateService {
  state(): UpdateState;
  /** Looks for an update now; a newer version starts downloading at once. */
  check(): Promise<UpdateState>;
  /** Quits and installs the downloaded update; UPDATE_NOT_READY without one. */
  install(): void;
  subscribe(listener: (state: UpdateState) => void): () => void;
}

const UNSUPPORTED: UpdateState = {
  status: 'unsupported',
  version: null,
  percent: null,
  message: null,
};

export const updatesManagedElsewhere: UpdateService = {
  state: () => UNSUPPORTED,
  check: () => Promise.resolve(UNSUPPORTED),
  install() {
    throw new AppError('UPDATE_NOT_READY');
  },
  subscribe: () => () => {},
};
