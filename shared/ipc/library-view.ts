import * as z from 'zod';
import { librarySortSchema } from './library-list';

export const libraryLayoutSchema = z.enum(['grid', 'list', 'table']);
export type LibraryLayout = z.infer<typeof libraryLayoutSchema>;

const columnNameSchema = z.string().min(1).max(40);

/**
 * How the user left the library: layout, sort and the table's columns (order, hidden, widths in
 * px). Kept in the core's settings so it survives a restart (docs/design.md §12.1). Column names
 * are plain strings: a column renamed in a later version is dropped by the view, and the rest of
 * the settings stay valid.
 */
export const libraryViewSchema = z.object({
  layout: libraryLayoutSchema,
  sort: librarySortSchema,
  direction: z.enum(['asc', 'desc']),
  columns: z.object({
    order: z.array(columnNameSchema).max(40),
    hidden: z.array(columnNameSchema).max(40),
    widths: z.record(columnNameSchema, z.number().int().min(48).max(1200)),
  }),
});
export type LibraryView = z.infer<typeof libraryViewSchema>;

export { DEFAULT_LIBRARY_VIEW } from './library-view-default';
