import * as z from 'zod';

/**
 * A user's tag: a word or a few (letters, digits, space, - _ .), compared as written. Kept short
 * so it fits a table cell and a `tag:` query (docs/design.md §12.2).
 */
export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'A tag is letters, digits, spaces, . _ or -');
