import { AxiosError, type AxiosResponse } from 'axios';
import {
  AppError,
  ERROR_SENTENCES,
  problemSchema,
  type ErrorCode,
  type Problem,
} from '../../../shared/errors';

/** What the core keeps about a failed server call, in AppError.data. */
export interface ApiErrorData {
  /** HTTP status; 0 when the server was not reached. */
  status: number;
  /** From Retry-After (429/503), in ms. */
  retryAfterMs: number | null;
  /** The existing receipt sent with 409 LICENSE_ALREADY_RETURNED (still unvalidated). */
  receipt: unknown;
  /** False when the request certainly never reached the server (connection refused, DNS). */
  sent: boolean;
}

export function apiErrorData(error: unknown): ApiErrorData | null {
  if (!(error instanceof AppError)) return null;
  const data = error.data as Partial<ApiErrorData> | undefined;
  return data && typeof data.status === 'number'
    ? {
        status: data.status,
        retryAfterMs: data.retryAfterMs ?? null,
        receipt: data.receipt,
        sent: data.sent ?? true,
      }
    : null;
}

/**
 * Transient = worth retrying later with the same request: the server was not reached, failed
 * (5xx), asked us to slow down (429), or our session needs renewing (401: the request stays
 * queued until the user signs in again). Everything else is the server's final word.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  if (
    error.code === 'SERVER_UNREACHABLE' ||
    error.code === 'OFFLINE' ||
    error.code === 'NOT_SIGNED_IN'
  )
    return true;
  const data = apiErrorData(error);
  if (!data) return false;
  return (
    data.status === 0 ||
    data.status >= 500 ||
    data.status === 429 ||
    data.status === 408 ||
    data.status === 401
  );
}

export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.code === 'SERVER_UNREACHABLE' || apiErrorData(error)?.status === 0)
  );
}

/** Maps a non-success answer (problem+json or not) to an AppError with the server's code. */
export function errorFromResponse(response: AxiosResponse<unknown>): AppError {
  const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
  const problem = problemSchema.safeParse(response.data);
  const base: ApiErrorData = {
    status: response.status,
    retryAfterMs,
    receipt: undefined,
    sent: true,
  };
  if (problem.success) return errorFromProblem(problem.data, response.status, retryAfterMs);
  const code: ErrorCode =
    response.status === 429
      ? 'RATE_LIMITED'
      : response.status >= 500
        ? 'INTERNAL'
        : 'VALIDATION_FAILED';
  return new AppError(code, `The server answered ${response.status}`, { data: base });
}

/**
 * A problem the server answered, as the core's error: a whole response's, or one item's of a
 * batch answer (whose own status is the one the single route would have answered).
 */
export function errorFromProblem(
  p: Problem,
  status: number,
  retryAfterMs: number | null = null,
): AppError {
  const retry = p.retryAfterSeconds !== undefined ? p.retryAfterSeconds * 1000 : retryAfterMs;
  const data: ApiErrorData = { status, retryAfterMs: retry, receipt: p.receipt, sent: true };
  return new AppError(p.code, p.detail ?? ERROR_SENTENCES[p.code], {
    ...(p.errors ? { issues: p.errors } : {}),
    data,
  });
}

const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

export function errorFromTransport(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof AxiosError && error.code === AxiosError.ERR_CANCELED) {
    return new AppError('DOWNLOAD_FAILED', 'The download was cancelled', {
      data: { status: 0, retryAfterMs: null, receipt: undefined, sent: false },
    });
  }
  const cause =
    error instanceof AxiosError
      ? ((error.cause as { code?: string } | undefined)?.code ?? error.code)
      : undefined;
  const sent = !(cause !== undefined && NEVER_SENT.has(cause));
  return new AppError('SERVER_UNREACHABLE', undefined, {
    data: { status: 0, retryAfterMs: null, receipt: undefined, sent },
  });
}

export function parseRetryAfter(value: unknown, now = Date.now()): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
