import type { ErrorCode } from '../../../shared/errors';
import { ERROR_SENTENCES } from '../../../shared/error-codes';

const GENERIC = 'Something went wrong. Please try again.';

/**
 * The sentence for any error the bridge throws. We read the `code` property rather than use
 * `instanceof AppError`: the bridge runs in another bundle (preload or the browser host's
 * script), so its AppError is not our class, and a structured clone keeps only plain fields.
 */
export function errorCode(error: unknown): ErrorCode | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(ERROR_SENTENCES, code)
    ? (code as ErrorCode)
    : null;
}

export function errorSentence(error: unknown): string {
  const code = errorCode(error);
  return code ? ERROR_SENTENCES[code] : GENERIC;
}

export function sentenceForCode(code: string): string {
  return Object.hasOwn(ERROR_SENTENCES, code) ? ERROR_SENTENCES[code as ErrorCode] : GENERIC;
}

const TRANSIENT: ReadonlySet<ErrorCode> = new Set([
  'OFFLINE',
  'SERVER_UNREACHABLE',
  'INTERNAL',
  'RATE_LIMITED',
  'QUOTE_EXPIRED',
  'DOWNLOAD_FAILED',
]);

/** Worth a "Try again" button: the same request may succeed later. Refusals are final. */
export function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  return code === null || TRANSIENT.has(code);
}
