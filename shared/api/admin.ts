import * as z from 'zod';
import { centsSchema, contentKindSchema, idSchema, isoDateTimeSchema } from './common';
import { CATALOG_COVER_MIMES, MAX_CATALOG_COVER_BYTES, returnPolicySchema } from './catalog';

/** Largest content file accepted by the publish route (base64 in JSON). */
export const MAX_CONTENT_FILE_BYTES = 20 * 1024 * 1024;

export const publishContentRequestSchema = z.object({
  /** Omit to create a new product; give it to publish the next version of that product. */
  productId: idSchema.optional(),
  title: z.string().trim().min(1).max(200),
  creator: z.string().trim().min(1).max(200),
  kind: contentKindSchema,
  description: z.string().max(5000).default(''),
  priceCents: centsSchema,
  mime: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'expected a MIME type like text/plain'),
  fileBase64: z
    .string()
    .min(1)
    .max(Math.ceil(MAX_CONTENT_FILE_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
  /** The catalog's cover for the item, shown until (and unless) its content carries one. */
  cover: z
    .object({
      mime: z.enum(CATALOG_COVER_MIMES),
      base64: z
        .string()
        .min(1)
        .max(Math.ceil(MAX_CATALOG_COVER_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
    })
    .optional(),
});
export type PublishContentRequest = z.input<typeof publishContentRequestSchema>;

export const productParamsSchema = z.object({ productId: idSchema });
export const setPolicyRequestSchema = returnPolicySchema;

export const webhookTargetRequestSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  /** HMAC-SHA256 key shared with the receiver. */
  secret: z.string().min(16).max(200),
});
export type WebhookTargetRequest = z.infer<typeof webhookTargetRequestSchema>;

export const webhookTargetSchema = z.object({
  id: idSchema,
  url: z.string(),
  createdAt: isoDateTimeSchema,
});
export type WebhookTarget = z.infer<typeof webhookTargetSchema>;

export const webhookTargetsResponseSchema = z.object({ targets: z.array(webhookTargetSchema) });
