import * as z from 'zod';
import {
  centsSchema,
  contentKindSchema,
  cursorSchema,
  idSchema,
  isoDateTimeSchema,
  pageLimitSchema,
  sha256HexSchema,
} from './common';
import { termsOf, termsShape } from '../returns/policy-terms';
import { RETURN_KINDS } from '../returns/return-kinds';

/**
 * A product's return policy: each return kind's terms (shared/returns/policy-terms.ts), `null`
 * where that kind is not offered, at least one offered.
 */
export const returnPolicySchema = z
  .object({
    /** Days after purchase during which a return is accepted; null = no deadline. */
    windowDays: z.number().int().min(1).max(3650).nullable(),
    ...termsShape(),
    /** Returns allowed per user per rolling 30 days; null = unlimited. */
    limitPer30Days: z.number().int().min(1).max(1000).nullable(),
  })
  .refine((p) => RETURN_KINDS.some((kind) => termsOf(p, kind) !== null), {
    message: `a policy must offer at least one of ${RETURN_KINDS.join(', ')}`,
  });
export type ReturnPolicy = z.infer<typeof returnPolicySchema>;

export const contentFileSchema = z.object({
  sha256: sha256HexSchema,
  size: z.number().int().nonnegative(),
  mime: z.string().min(1).max(100),
});
export type ContentFile = z.infer<typeof contentFileSchema>;

/**
 * Image types a catalog cover may be: what every page shows in an <img> as it is. Each is told by
 * its signature in shared/images/image-types.ts (the server checks it at publish, the app again
 * on receipt) and its pixel size is bounded (shared/images/image-size.ts).
 */
export const CATALOG_COVER_MIMES = ['image/png', 'image/jpeg', 'image/webp'] as const;
/** A catalog cover is at most this large (a cover, not a poster). */
export const MAX_CATALOG_COVER_BYTES = 1024 * 1024;

/** A catalog item's cover: served at GET /v1/catalog/:contentId/cover, its ETag the sha256. */
export const catalogCoverSchema = z.object({
  sha256: sha256HexSchema,
  size: z.number().int().min(1).max(MAX_CATALOG_COVER_BYTES),
  mime: z.enum(CATALOG_COVER_MIMES),
});
export type CatalogCover = z.infer<typeof catalogCoverSchema>;

export const catalogItemSchema = z.object({
  contentId: idSchema,
  productId: idSchema,
  version: z.number().int().min(1),
  /** Newest published version of the same product (the upgrade target). */
  latestVersion: z.number().int().min(1),
  title: z.string(),
  creator: z.string(),
  kind: contentKindSchema,
  description: z.string(),
  priceCents: centsSchema,
  file: contentFileSchema,
  publishedAt: isoDateTimeSchema,
  returnPolicy: returnPolicySchema.nullable(),
  /**
   * The catalog's cover, where the item has one. Optional rather than nullable: a server from
   * before covers sends none, and an item's content may still carry its own.
   */
  cover: catalogCoverSchema.optional(),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

export const catalogQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  kind: contentKindSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema.optional(),
  /** Only the newest version of each product (the store's default view). */
  latestOnly: z.enum(['true', 'false']).optional(),
});
export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

export const catalogPageSchema = z.object({
  items: z.array(catalogItemSchema),
  nextCursor: cursorSchema.nullable(),
});
export type CatalogPage = z.infer<typeof catalogPageSchema>;

export const contentParamsSchema = z.object({ contentId: idSchema });
