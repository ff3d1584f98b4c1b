/** What a page receives when a bridge call fails across a boundary (context bridge, worker). */
export interface BridgeFailure {
  name: 'AppError';
  code: string;
  message: string;
  issues?: unknown;
}

/**
 * contextBridge and postMessage copy an Error's message (and stack) but drop its own fields, so
 * the `code` the renderer maps to a sentence would be lost. Failures therefore cross as plain
 * objects carrying `code`, `message` and `issues`; the renderer reads the `code` field only.
 */
export function toBridgeFailure(error: unknown): BridgeFailure {
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
