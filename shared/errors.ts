import * as z from 'zod';
import { AppError } from './app-error';
import { ERROR_CODES, SERVER_ERROR_CODES, type ServerErrorCode } from './error-codes';

export * from './error-codes';

export const serverErrorCodeSchema = z.enum(SERVER_ERROR_CODES);
export const errorCodeSchema = z.enum(ERROR_CODES);

export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** RFC 9457 problem details, with our stable `code` extension member. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: serverErrorCodeSchema,
  errors: z.array(fieldIssueSchema).optional(),
  /** Present with LICENSE_ALREADY_RETURNED: the existing receipt, validated by the caller. */
  receipt: z.unknown().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  /** Present with RETURN_LIMIT_REACHED: when the next return is accepted again. */
  freesAt: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_TYPE_BASE = 'https://shelfkeeper.dev/problems/';

export function problemType(code: ServerErrorCode): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replaceAll('_', '-');
}

export { AppError, isAppError } from './app-error';

/** Turns zod issues into our field issues: `path` is dotted (`options.0.kind`), `$` for the root. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '$' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses `value` with `schema`, or throws VALIDATION_FAILED naming each bad path. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'input',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const first = issues[0];
  throw new AppError(
    'VALIDATION_FAILED',
    `Invalid ${what}${first ? `: ${first.path}: ${first.message}` : ''}`,
    { issues },
  );
}
