import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem, ServerErrorCode } from '../../shared/errors';
import {
  AppError,
  ERROR_SENTENCES,
  ERROR_STATUS,
  SERVER_ERROR_CODES,
  problemType,
} from '../../shared/errors';

const SERVER_CODES = new Set<string>(SERVER_ERROR_CODES);

function isServerCode(code: string): code is ServerErrorCode {
  return SERVER_CODES.has(code);
}

/** Fastify's own 4xx errors (body parsing, limits) mapped onto our stable codes. */
function fastifyCode(error: FastifyError): ServerErrorCode | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      return error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? 'VALIDATION_FAILED'
        : null;
  }
}

function isPgDataException(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof severity === 'string';
}

/**
 * The database is away for a moment (restarted, failed over, a connection cut, every connection
 * busy): nothing was wrong with the request, and the same request may succeed if sent again.
 */
function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // PostgreSQL class 08 (connection exception) and 57P01–57P03 (shutting down, starting up).
    if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'SQLITE_BUSY'].includes(code)) {
      return true;
    }
  }
  // node-postgres reports a lost connection or an exhausted pool without a code.
  return (
    typeof message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(
      message,
    )
  );
}

/**
 * Storage refused a write (disk full, I/O error, read-only folder or database; PostgreSQL class
 * 53 "insufficient resources" and 58030 "io_error"). The transaction was rolled back, nothing
 * was half-written; the request can be sent again once an operator has freed space.
 */
function isStorageUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  if (typeof code !== 'string') return false;
  return (
    /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOMEM)/.test(code) ||
    /^53[0-9A-Z]{3}$/.test(code) ||
    code === '58030' ||
    ['ENOSPC', 'EDQUOT', 'EIO', 'EROFS'].includes(code)
  );
}

/** How long to tell a client to wait after a storage failure: freeing space takes a while. */
const STORAGE_RETRY_AFTER_SECONDS = 30;

interface ErrorData {
  receipt?: unknown;
  retryAfterSeconds?: number;
  freesAt?: string;
}

/** Any thrown value → an RFC 9457 problem. Unknown errors become a bare 500 with no details. */
export function toProblem(error: unknown, instance: string): Problem {
  let code: ServerErrorCode = 'INTERNAL';
  let detail: string | undefined;
  let extra: Partial<Problem> = {};
  if (error instanceof AppError && isServerCode(error.code)) {
    code = error.code;
    detail = error.message;
    const data = (error.data ?? {}) as ErrorData;
    extra = {
      ...(error.issues ? { errors: error.issues } : {}),
      ...(data.receipt !== undefined ? { receipt: data.receipt } : {}),
      ...(data.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: data.retryAfterSeconds }
        : {}),
      ...(data.freesAt !== undefined ? { freesAt: data.freesAt } : {}),
    };
  } else if (isStorageUnavailable(error)) {
    code = 'SERVICE_UNAVAILABLE';
    extra = { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS };
  } else if (isDatabaseUnavailable(error)) {
    code = 'SERVICE_UNAVAILABLE';
    extra = { retryAfterSeconds: 1 };
  } else if (isPgDataException(error)) {
    // A value the schemas let through but PostgreSQL refuses (class 22: data exception) is bad
    // input, not a server fault.
    code = 'VALIDATION_FAILED';
    detail = 'A value was not accepted by the database';
  } else if (typeof error === 'object' && error !== null && 'code' in error) {
    const mapped = fastifyCode(error as FastifyError);
    if (mapped) {
      code = mapped;
      detail = (error as FastifyError).message;
    }
  }
  return {
    type: problemType(code),
    title: ERROR_SENTENCES[code],
    status: ERROR_STATUS[code],
    ...(detail !== undefined ? { detail } : {}),
    instance,
    code,
    ...extra,
  };
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  error: unknown,
): FastifyReply {
  const problem = toProblem(error, request.url.split('?')[0] ?? '/');
  if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error');
  if (problem.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
  if (problem.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(problem.retryAfterSeconds));
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
