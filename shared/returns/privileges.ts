import * as z from 'zod';
import { idSchema, pointsSchema } from '../api/common';
import { licenseViewSchema } from '../api/licenses';

/**
 * Every type of privilege a return grants, the one list the rest derives from. Each type has an
 * offer (what a quote promises), a grant (what the receipt carries) and a webhook form, declared
 * below per type; the server grants it, the core applies it and the renderer shows it, each
 * through a `Record<PrivilegeType, …>`, so a new name makes the compiler point at all of them.
 */
export const PRIVILEGE_TYPES = ['points', 'upgrade'] as const;
export type PrivilegeType = (typeof PRIVILEGE_TYPES)[number];

type Variant<T extends PrivilegeType> = z.ZodObject<{ type: z.ZodLiteral<T> } & z.ZodRawShape>;
type Variants = { [T in PrivilegeType]: Variant<T> };

const version = z.number().int().min(1);

/** What a quote offers: points, or the newest version of the product. */
const offers = {
  points: z.object({ type: z.literal('points'), points: pointsSchema }),
  upgrade: z.object({
    type: z.literal('upgrade'),
    contentId: idSchema,
    version,
    title: z.string(),
  }),
} satisfies Variants;

/** The privilege actually granted. An upgrade carries the new signed license. */
const grants = {
  points: z.object({ type: z.literal('points'), points: pointsSchema }),
  upgrade: z.object({ type: z.literal('upgrade'), license: licenseViewSchema }),
} satisfies Variants;

/** The privilege as a `license.returned` webhook tells it (server/README.md). */
const webhooks = {
  points: z.object({ type: z.literal('points'), points: pointsSchema, balance: pointsSchema }),
  upgrade: z.object({
    type: z.literal('upgrade'),
    licenseId: idSchema,
    contentId: idSchema,
    version,
  }),
} satisfies Variants;

/**
 * One discriminated union per form, with exactly the declared variants. Typed from the object
 * itself rather than from `Variants`, so a name missing above is reported at its `satisfies`
 * and nowhere else: the union keeps the variants that exist.
 */
function unionOf<R extends Record<string, Variant<PrivilegeType>>>(variants: R) {
  const options = Object.values(variants) as [R[keyof R], ...R[keyof R][]];
  return z.discriminatedUnion('type', options);
}

export const privilegeOfferSchema = unionOf(offers);
export type PrivilegeOffer = z.infer<typeof privilegeOfferSchema>;

export const privilegeGrantSchema = unionOf(grants);
export type PrivilegeGrant = z.infer<typeof privilegeGrantSchema>;

export const webhookPrivilegeSchema = unionOf(webhooks);
export type WebhookPrivilege = z.infer<typeof webhookPrivilegeSchema>;

export type OfferOf<T extends PrivilegeType> = Extract<PrivilegeOffer, { type: T }>;
export type GrantOf<T extends PrivilegeType> = Extract<PrivilegeGrant, { type: T }>;
export type WebhookPrivilegeOf<T extends PrivilegeType> = Extract<WebhookPrivilege, { type: T }>;
