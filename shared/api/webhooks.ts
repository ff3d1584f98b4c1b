import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common';
import { webhookPrivilegeSchema } from '../returns/privileges';
import { returnKindSchema } from '../returns/return-kinds';

/** Headers of a webhook delivery. The signature is HMAC-SHA256(secret, `${timestamp}.${rawBody}`). */
export const WEBHOOK_SIGNATURE_HEADER = 'shelf-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'shelf-timestamp';
export const WEBHOOK_ID_HEADER = 'shelf-delivery-id';

/** The body sent to an external system when a license is returned (claim 17). */
export const licenseReturnedWebhookSchema = z.object({
  id: idSchema,
  type: z.literal('license.returned'),
  occurredAt: isoDateTimeSchema,
  data: z.object({
    userId: idSchema,
    returnId: idSchema,
    licenseId: idSchema,
    contentId: idSchema,
    productId: idSchema,
    version: z.number().int().min(1),
    kind: returnKindSchema,
    /** Status of the returned content: its license is deleted. */
    contentStatus: z.literal('returned'),
    privilege: webhookPrivilegeSchema,
  }),
});
export type LicenseReturnedWebhook = z.infer<typeof licenseReturnedWebhookSchema>;
