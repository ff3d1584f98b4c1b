import { z } from 'zod';
import { AppError } from '../../shared/errors';

/**
 * Opaque paging cursors: base64url of a small JSON array. Decoding validates the shape, so a
 * forged or truncated cursor is a 400, never a database error.
 */
export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', 'Invalid cursor', {
      issues: [{ path: 'cursor', message: 'not a cursor this server issued' }],
    });
  }
  return result.data;
}

export const timeIdCursorSchema = z.tuple([z.string().max(40), z.string().max(40)]);
export const seqCursorSchema = z.tuple([z.number().int().nonnegative()]);
