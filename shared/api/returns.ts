import * as z from 'zod';
import { serverErrorCodeSchema } from '../errors';
import { returnPolicySchema } from './catalog';
import { cursorSchema, idSchema, isoDateTimeSchema, pageLimitSchema, pointsSchema } from './common';
import { privilegeGrantSchema, privilegeOfferSchema } from '../returns/privileges';
import { returnKindSchema } from '../returns/return-kinds';
import { problemSchema } from '../errors';
import { MAX_BATCH_RETURNS } from './return-batch';

export { MAX_BATCH_RETURNS } from './return-batch';

export { returnKindSchema, type ReturnKind } from '../returns/return-kinds';
export {
  privilegeGrantSchema,
  privilegeOfferSchema,
  type PrivilegeGrant,
  type PrivilegeOffer,
} from '../returns/privileges';

/**
 * Why an option grants what it grants (docs/design.md §2.2): a buyback at the policy's rate; a
 * trade-in's newest version; a trade-in's points because the policy grants points only; or a
 * trade-in's points because there is no newer version the user does not already hold.
 */
export const OFFER_BASES = [
  'buyback_rate',
  'newest_version',
  'policy_points',
  'no_newer_version',
] as const;
export const offerBasisSchema = z.enum(OFFER_BASES);
export type OfferBasis = z.infer<typeof offerBasisSchema>;

export const quoteOptionSchema = z.object({
  kind: returnKindSchema,
  privilege: privilegeOfferSchema,
  basis: offerBasisSchema,
  /** The policy's rate behind a points offer (% of what the purchase paid); null for a version. */
  ratePct: z.number().int().min(0).max(100).nullable(),
});
export type QuoteOption = z.infer<typeof quoteOptionSchema>;

/** The rolling period a policy's return limit counts over. */
export const RETURN_LIMIT_PERIOD_DAYS = 30;

/**
 * A policy's return limit as it stands for the caller. The limit is the product's, the count is
 * the user's: every return the user made of any item in the last 30 days counts against it.
 */
export const returnLimitSchema = z.object({
  allowed: z.number().int().min(1),
  used: z.number().int().nonnegative(),
  periodDays: z.literal(RETURN_LIMIT_PERIOD_DAYS),
  /** When the limit is reached: the moment the oldest counted return leaves the period. */
  nextFreeAt: isoDateTimeSchema.nullable(),
});
export type ReturnLimit = z.infer<typeof returnLimitSchema>;

/**
 * What refuses a return: before any option is weighed, or (BALANCE_LIMIT_REACHED) when every
 * option would credit points past the balance cap, counting the points waiting orders hold.
 */
export const RETURN_REFUSAL_CODES = [
  'RETURN_WINDOW_CLOSED',
  'NOT_RETURNABLE',
  'RETURN_LIMIT_REACHED',
  'BALANCE_LIMIT_REACHED',
] as const;
export const returnRefusalSchema = z.object({
  code: serverErrorCodeSchema.extract(RETURN_REFUSAL_CODES),
  /** When a return would be accepted again (a limit's next free return); null = never. */
  freesAt: isoDateTimeSchema.nullable(),
});
export type ReturnRefusal = z.infer<typeof returnRefusalSchema>;

/** Everything that decides a return, stated by every quote answer. */
const eligibilityShape = {
  licenseId: idSchema,
  returnDeadline: isoDateTimeSchema.nullable(),
  policy: returnPolicySchema.nullable(),
  /** Null when the policy sets no limit. */
  limit: returnLimitSchema.nullable(),
};

export const returnQuoteSchema = z.object({
  status: z.literal('offered'),
  quoteId: idSchema,
  /** The offer is price-locked until then. */
  expiresAt: isoDateTimeSchema,
  options: z.array(quoteOptionSchema).min(1),
  ...eligibilityShape,
});
export type ReturnQuote = z.infer<typeof returnQuoteSchema>;

/** A return the server would refuse: the reason instead of options (never an offer it refuses). */
export const refusedQuoteSchema = z.object({
  status: z.literal('refused'),
  refusal: returnRefusalSchema,
  ...eligibilityShape,
});
export type RefusedQuote = z.infer<typeof refusedQuoteSchema>;

export const returnQuoteAnswerSchema = z.discriminatedUnion('status', [
  returnQuoteSchema,
  refusedQuoteSchema,
]);
export type ReturnQuoteAnswer = z.infer<typeof returnQuoteAnswerSchema>;

export const returnRequestSchema = z.object({
  /** Client-chosen: the idempotency key of the return. */
  returnId: idSchema,
  licenseId: idSchema,
  kind: returnKindSchema,
  quoteId: idSchema.optional(),
  deviceId: idSchema,
});
export type ReturnRequest = z.infer<typeof returnRequestSchema>;

export const receiptSchema = z.object({
  returnId: idSchema,
  licenseId: idSchema,
  contentId: idSchema,
  productId: idSchema,
  version: z.number().int().min(1),
  title: z.string(),
  kind: returnKindSchema,
  privilege: privilegeGrantSchema,
  /** The user's points balance right after the return. */
  balance: pointsSchema,
  returnedAt: isoDateTimeSchema,
});
export type Receipt = z.infer<typeof receiptSchema>;

export const returnsQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema.optional(),
});
export type ReturnsQuery = z.infer<typeof returnsQuerySchema>;

export const returnsResponseSchema = z.object({
  /** Newest first. */
  returns: z.array(receiptSchema),
  /** The next (older) page, or null on the last one. */
  nextCursor: cursorSchema.nullable(),
});
export type ReturnsResponse = z.infer<typeof returnsResponseSchema>;

export const batchReturnRequestSchema = z.object({
  /** Each item is a whole return of its own: own return id, own transaction. */
  returns: z.array(returnRequestSchema).min(1).max(MAX_BATCH_RETURNS),
});
export type BatchReturnRequest = z.infer<typeof batchReturnRequestSchema>;

/** One item's outcome: the status the single return route would have answered, and its body. */
export const batchReturnResultSchema = z.discriminatedUnion('outcome', [
  z.object({
    returnId: idSchema,
    outcome: z.literal('returned'),
    /** 201 for a new return, 200 for a replay of the same return id. */
    status: z.union([z.literal(200), z.literal(201)]),
    receipt: receiptSchema,
  }),
  z.object({
    returnId: idSchema,
    outcome: z.literal('refused'),
    status: z.number().int().min(400).max(599),
    problem: problemSchema,
  }),
]);
export type BatchReturnResult = z.infer<typeof batchReturnResultSchema>;

export const batchReturnResponseSchema = z.object({
  /** One per request item, in the request's order. */
  results: z.array(batchReturnResultSchema),
});
export type BatchReturnResponse = z.infer<typeof batchReturnResponseSchema>;

export const batchQuoteRequestSchema = z.object({
  licenseIds: z.array(idSchema).min(1).max(MAX_BATCH_RETURNS),
});
export type BatchQuoteRequest = z.infer<typeof batchQuoteRequestSchema>;

export const batchQuoteResultSchema = z.discriminatedUnion('outcome', [
  z.object({ licenseId: idSchema, outcome: z.literal('quoted'), quote: returnQuoteSchema }),
  z.object({
    licenseId: idSchema,
    outcome: z.literal('refused'),
    status: z.number().int().min(400).max(599),
    problem: problemSchema,
  }),
]);
export type BatchQuoteResult = z.infer<typeof batchQuoteResultSchema>;

export const batchQuoteResponseSchema = z.object({
  /** One per requested license, in the request's order. */
  quotes: z.array(batchQuoteResultSchema),
});
export type BatchQuoteResponse = z.infer<typeof batchQuoteResponseSchema>;
