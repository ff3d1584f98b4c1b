import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from '../api/common';
import { LIBRARY_BATCH_MAX } from './library-batch';
import { tagSchema } from './tag';

export const tagsApplyInputSchema = z
  .object({
    contentIds: z.array(idSchema).min(1).max(LIBRARY_BATCH_MAX),
    add: z.array(tagSchema).max(20).default([]),
    remove: z.array(tagSchema).max(20).default([]),
  })
  .refine((input) => input.add.length + input.remove.length > 0, {
    message: 'Name a tag to add or remove',
    path: ['add'],
  });

export const tagCountSchema = z.object({ tag: tagSchema, items: z.number().int().nonnegative() });
export type TagCount = z.infer<typeof tagCountSchema>;

export const savedSearchSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().trim().min(1).max(60),
  /** What the search box held: free text and field queries (`creator:`, `kind:`, `tag:`). */
  query: z.string().trim().min(1).max(200),
  createdAt: isoDateTimeSchema,
});
export type SavedSearch = z.infer<typeof savedSearchSchema>;
