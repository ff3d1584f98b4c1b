import * as z from 'zod';
import { centsSchema, contentKindSchema, idSchema, isoDateTimeSchema } from '../api/common';
import { errorCodeSchema } from '../errors';
import { LIBRARY_COLUMN_NAMES, type LibraryColumnName } from './library-column-list';
import { localLicenseStateSchema } from './local-license-state';
import { tagSchema } from './tag';

export * from './library-column-list';

/**
 * Each column's value contract, keyed by the names of library-column-list.ts (the compiler
 * points here when a column is added there); the item schema is built from these.
 */
export const LIBRARY_COLUMN_SCHEMAS = {
  contentId: idSchema,
  productId: idSchema,
  licenseId: idSchema,
  title: z.string(),
  creator: z.string(),
  addedAt: isoDateTimeSchema,
  kind: contentKindSchema,
  version: z.number().int().min(1),
  issuedAt: isoDateTimeSchema,
  priceCents: centsSchema,
  returnDeadline: isoDateTimeSchema.nullable(),
  latestVersion: z.number().int().min(1),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  downloaded: z.boolean(),
  state: localLicenseStateSchema,
  hasCover: z.boolean(),
  tags: z.array(tagSchema),
  lastReturnError: z.object({ code: errorCodeSchema, message: z.string() }).nullable(),
} as const satisfies Record<LibraryColumnName, z.ZodType>;

type Schemas = typeof LIBRARY_COLUMN_SCHEMAS;

/** The item contract's shape: each column's schema under its name. */
export const libraryItemShape = Object.fromEntries(
  LIBRARY_COLUMN_NAMES.map((name) => [name, LIBRARY_COLUMN_SCHEMAS[name]]),
) as { [K in LibraryColumnName]: Schemas[K] };
