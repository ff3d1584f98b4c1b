import * as z from 'zod';
import { LIBRARY_QUERY_MAX, libraryListInputSchema, libraryPageSchema } from './library-list';

/**
 * Type-ahead for the library's search box (docs/design.md §12.1): for the list input on screen,
 * the first screen (with its total) of each query that one more character typed after its last
 * word (or into the empty box) gives, for the characters some word in the library continues that word with. The page
 * keeps them (renderer lib/library-answers.ts), so the next keystroke is answered in the page.
 */

/** The most items one prefetch answers, all its screens together: its message stays small. */
export const LIBRARY_PREFETCH_ITEMS = 600;
/**
 * The empty box's bound, larger: its screens are read once per start, not at every keystroke, and
 * the first character typed may be any letter or digit (40 screens of up to 50 items: a window's
 * 15–50 cards or rows).
 */
export const LIBRARY_PREFETCH_FIRST_ITEMS = 2_000;
/** The most queries one prefetch answers (a–z and 0–9 and a few letters beyond). */
export const LIBRARY_PREFETCH_QUERIES = 40;

export const libraryPrefetchInputSchema = libraryListInputSchema
  .omit({ offset: true, limit: true })
  .extend({
    /**
     * The typed query whose next characters are asked; empty: the first character typed (the
     * first character of every term). A query ending past its last word (a space) answers none.
     */
    query: z.string().max(LIBRARY_QUERY_MAX - 1),
    /** The first screen's items, as the list asks them (the answer is kept by this limit). */
    limit: z.number().int().min(1).max(100),
  });
export type LibraryPrefetchInput = z.input<typeof libraryPrefetchInputSchema>;

export const libraryPrefetchSchema = z.object({
  /** Each `query` is the input's query with one character added; its page is offset 0, limit. */
  answers: z
    .array(z.object({ query: z.string().max(LIBRARY_QUERY_MAX), page: libraryPageSchema }))
    .max(LIBRARY_PREFETCH_QUERIES),
});
export type LibraryPrefetch = z.infer<typeof libraryPrefetchSchema>;
