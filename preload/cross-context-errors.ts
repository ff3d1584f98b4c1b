import type { ShelfBridge } from '../shared/ipc/bridge';

/** What the renderer receives when a call fails: plain data, so it survives the context bridge. */
export interface BridgeFailure {
  name: 'AppError';
  code: string;
  message: string;
  issues?: unknown;
}

/**
 * contextBridge copies an Error's message and stack but drops its own fields, so the `code` the
 * renderer maps to a sentence would be lost. Failures are therefore rejected as plain objects
 * carrying `code`, `message` and `issues`. The shape of the bridge (`invoke`, `on`) is unchanged.
 */
export function crossContextErrors(bridge: ShelfBridge): ShelfBridge {
  return Object.freeze({
    invoke: ((channel, input) =>
      bridge
        .invoke(channel, input)
        .catch((error: unknown) => Promise.reject(toFailure(error)))) as ShelfBridge['invoke'],
    on: bridge.on,
  });
}

function toFailure(error: unknown): BridgeFailure {
  const fields =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = typeof fields.code === 'string' ? fields.code : 'INTERNAL';
  const message =
    typeof fields.message === 'string' ? fields.message : 'Something went wrong. Please try again.';
  return {
    name: 'AppError',
    code,
    message,
    ...(fields.issues !== undefined ? { issues: fields.issues } : {}),
  };
}
