import { ERROR_SENTENCES, type ErrorCode } from './error-codes';
import type { FieldIssue } from './errors';

// Without zod (errors.ts re-exports it): the browser host's bridge worker throws it before the
// contract's schemas are built (docs/design.md §7.5).

/** The error value every layer throws; carries a stable code and, optionally, field issues. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  readonly data: unknown;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { issues?: FieldIssue[]; data?: unknown },
  ) {
    super(message ?? ERROR_SENTENCES[code]);
    this.name = 'AppError';
    this.code = code;
    this.issues = options?.issues;
    this.data = options?.data;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
