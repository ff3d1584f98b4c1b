import type { z } from 'zod';
import { okSchema } from './common';
import {
  changePasswordRequestSchema,
  confirmEmailRequestSchema,
  deviceParamsSchema,
  deviceSchema,
  devicesResponseSchema,
  emailRequestSchema,
  loginRequestSchema,
  passwordChangedSchema,
  registerRequestSchema,
  registrationAcceptedSchema,
  resetPasswordRequestSchema,
  renameDeviceRequestSchema,
  sessionSchema,
} from './auth';
import { userSchema } from './common';
import {
  catalogItemSchema,
  catalogPageSchema,
  catalogQuerySchema,
  contentParamsSchema,
} from './catalog';
import { purchaseOutcomeSchema, purchaseRequestSchema, purchaseResponseSchema } from './purchases';
import {
  orderParamsSchema,
  orderPlacedSchema,
  orderSchema,
  ordersQuerySchema,
  ordersResponseSchema,
} from './orders';
import { licenseParamsSchema, licensesResponseSchema } from './licenses';
import {
  batchQuoteRequestSchema,
  batchQuoteResponseSchema,
  batchReturnRequestSchema,
  batchReturnResponseSchema,
  receiptSchema,
  returnQuoteAnswerSchema,
  returnRequestSchema,
  returnsQuerySchema,
  returnsResponseSchema,
} from './returns';
import { walletQuerySchema, walletSchema } from './wallet';
import { syncQuerySchema, syncResponseSchema } from './sync';
import {
  placesPageSchema,
  placesPushResultSchema,
  placesPushSchema,
  placesQuerySchema,
} from './places';
import { licenseKeySchema, licenseKeySetSchema } from '../license-document';
import { leaseQuerySchema, leaseResponseSchema } from '../offline-lease';
import {
  productParamsSchema,
  publishContentRequestSchema,
  setPolicyRequestSchema,
  webhookTargetRequestSchema,
  webhookTargetSchema,
  webhookTargetsResponseSchema,
} from './admin';
import { healthSchema } from './health';
import { returnPolicySchema } from './catalog';

export type Auth = 'none' | 'user' | 'admin';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify-style path with `:param` segments. */
  path: string;
  auth: Auth;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  status: number;
  /** Omitted for non-JSON answers (file downloads, metrics). */
  response?: z.ZodType;
  /** The `status` answer's own schema in the docs, when narrower than `response` (which parses every 2xx). */
  statusResponse?: z.ZodType;
  /** Other success statuses the route answers (a replay's 200, an order's 202, a range's 206). */
  alsoAnswers?: readonly { status: number; description: string; response?: z.ZodType }[];
}

/**
 * Every route of the HTTP API. The server registers its handlers against this table, the
 * OpenAPI document is generated from it, and the app's client reads its schemas.
 */
export const routes = {
  register: {
    method: 'POST',
    path: '/v1/auth/register',
    auth: 'none',
    summary:
      'Create an account: a link to confirm the address is mailed to it (the same answer when the address is taken; its owner is mailed a notice instead)',
    body: registerRequestSchema,
    status: 202,
    response: registrationAcceptedSchema,
  },
  confirmEmail: {
    method: 'POST',
    path: '/v1/auth/confirm-email',
    auth: 'none',
    summary: "Confirm an account's address with the token of the mailed link",
    body: confirmEmailRequestSchema,
    status: 200,
    response: userSchema,
  },
  resendConfirmation: {
    method: 'POST',
    path: '/v1/auth/confirm-email/resend',
    auth: 'none',
    summary: 'Mail the confirmation link again (the same answer for any address)',
    body: emailRequestSchema,
    status: 202,
    response: okSchema,
  },
  requestPasswordReset: {
    method: 'POST',
    path: '/v1/auth/password-reset',
    auth: 'none',
    summary: 'Mail a password reset link (the same answer for any address)',
    body: emailRequestSchema,
    status: 202,
    response: okSchema,
  },
  resetPassword: {
    method: 'POST',
    path: '/v1/auth/password-reset/complete',
    auth: 'none',
    summary: "Set a new password with the mailed link's token; ends every session of the account",
    body: resetPasswordRequestSchema,
    status: 200,
    response: passwordChangedSchema,
  },
  changePassword: {
    method: 'POST',
    path: '/v1/auth/password',
    auth: 'user',
    summary: "Change the password; ends the account's other sessions",
    body: changePasswordRequestSchema,
    status: 200,
    response: passwordChangedSchema,
  },
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    auth: 'none',
    summary: 'Sign in and register this device',
    body: loginRequestSchema,
    status: 200,
    response: sessionSchema,
  },
  logout: {
    method: 'POST',
    path: '/v1/auth/logout',
    auth: 'user',
    summary: 'End this session',
    status: 200,
    response: okSchema,
  },
  listDevices: {
    method: 'GET',
    path: '/v1/devices',
    auth: 'user',
    summary: "The user's devices",
    status: 200,
    response: devicesResponseSchema,
  },
  renameDevice: {
    method: 'PUT',
    path: '/v1/devices/:deviceId/name',
    auth: 'user',
    summary: 'Rename a device',
    params: deviceParamsSchema,
    body: renameDeviceRequestSchema,
    status: 200,
    response: deviceSchema,
  },
  removeDevice: {
    method: 'DELETE',
    path: '/v1/devices/:deviceId',
    auth: 'user',
    summary: 'Remove a device',
    params: deviceParamsSchema,
    status: 200,
    response: okSchema,
  },
  listCatalog: {
    method: 'GET',
    path: '/v1/catalog',
    auth: 'none',
    summary: 'Browse and search the catalog',
    query: catalogQuerySchema,
    status: 200,
    response: catalogPageSchema,
  },
  getCatalogItem: {
    method: 'GET',
    path: '/v1/catalog/:contentId',
    auth: 'none',
    summary: 'One content',
    params: contentParamsSchema,
    status: 200,
    response: catalogItemSchema,
  },
  getCatalogCover: {
    method: 'GET',
    path: '/v1/catalog/:contentId/cover',
    auth: 'none',
    summary: "A content's catalog cover image (cacheable; ETag is its sha256)",
    params: contentParamsSchema,
    status: 200,
    alsoAnswers: [{ status: 304, description: 'Not modified (If-None-Match)' }],
  },
  purchase: {
    method: 'POST',
    path: '/v1/purchases',
    auth: 'user',
    summary: 'Buy a content (idempotent)',
    body: purchaseRequestSchema,
    status: 201,
    response: purchaseOutcomeSchema,
    statusResponse: purchaseResponseSchema,
    alsoAnswers: [
      {
        status: 202,
        description: 'An order waiting for payment: pay at order.checkoutUrl',
        response: orderPlacedSchema,
      },
      {
        status: 200,
        description: 'A replay of the same idempotency key: the first answer (purchase or order)',
        response: purchaseOutcomeSchema,
      },
    ],
  },
  getOrder: {
    method: 'GET',
    path: '/v1/orders/:orderId',
    auth: 'user',
    summary: 'One order: waiting for payment, paid (with its license id), expired or cancelled',
    params: orderParamsSchema,
    status: 200,
    response: orderSchema,
  },
  listOrders: {
    method: 'GET',
    path: '/v1/orders',
    auth: 'user',
    summary: "The user's orders (money purchases), newest first, with their amounts and states",
    query: ordersQuerySchema,
    status: 200,
    response: ordersResponseSchema,
  },
  listLicenses: {
    method: 'GET',
    path: '/v1/licenses',
    auth: 'user',
    summary: "The user's active licenses",
    status: 200,
    response: licensesResponseSchema,
  },
  downloadContent: {
    method: 'GET',
    path: '/v1/contents/:contentId/file',
    auth: 'user',
    summary: 'Download a licensed content file (supports Range)',
    params: contentParamsSchema,
    status: 200,
    alsoAnswers: [{ status: 206, description: 'Partial content (Range)' }],
  },
  returnQuote: {
    method: 'GET',
    path: '/v1/licenses/:licenseId/return-quote',
    auth: 'user',
    summary:
      'The return options for a license, price-locked for 10 minutes, or why it would be refused',
    params: licenseParamsSchema,
    status: 200,
    response: returnQuoteAnswerSchema,
  },
  createReturn: {
    method: 'POST',
    path: '/v1/returns',
    auth: 'user',
    summary: 'Return a license (idempotent by returnId)',
    body: returnRequestSchema,
    status: 201,
    response: receiptSchema,
    alsoAnswers: [
      {
        status: 200,
        description: 'A replay of the same returnId: the same receipt',
        response: receiptSchema,
      },
    ],
  },
  createReturnBatch: {
    method: 'POST',
    path: '/v1/returns/batch',
    auth: 'user',
    summary:
      'Up to 500 returns in one request, each its own transaction and idempotent by its returnId; one result per return',
    body: batchReturnRequestSchema,
    status: 200,
    response: batchReturnResponseSchema,
  },
  returnQuoteBatch: {
    method: 'POST',
    path: '/v1/return-quotes',
    auth: 'user',
    summary: 'The return options of up to 500 licenses, each price-locked for 10 minutes',
    body: batchQuoteRequestSchema,
    status: 200,
    response: batchQuoteResponseSchema,
  },
  listReturns: {
    method: 'GET',
    path: '/v1/returns',
    auth: 'user',
    summary: "The user's return receipts, newest first, a page at a time",
    query: returnsQuerySchema,
    status: 200,
    response: returnsResponseSchema,
  },
  wallet: {
    method: 'GET',
    path: '/v1/wallet',
    auth: 'user',
    summary: 'Points balance and ledger',
    query: walletQuerySchema,
    status: 200,
    response: walletSchema,
  },
  sync: {
    method: 'GET',
    path: '/v1/sync',
    auth: 'user',
    summary: "The user's events after a sequence",
    query: syncQuerySchema,
    status: 200,
    response: syncResponseSchema,
  },
  offlineLease: {
    method: 'GET',
    path: '/v1/lease',
    auth: 'user',
    summary:
      "A new signed offline lease: every license the user holds, usable offline until the policy's end (and the request's nonce, when it sent one)",
    query: leaseQuerySchema,
    status: 200,
    response: leaseResponseSchema,
  },
  pushPlaces: {
    method: 'PUT',
    path: '/v1/places',
    auth: 'user',
    summary:
      "Send a device's position and bookmark changes; each is kept only if newer (last writer wins)",
    body: placesPushSchema,
    status: 200,
    response: placesPushResultSchema,
  },
  listPlaces: {
    method: 'GET',
    path: '/v1/places',
    auth: 'user',
    summary: "The user's positions and bookmarks changed after a revision",
    query: placesQuerySchema,
    status: 200,
    response: placesPageSchema,
  },
  licenseKey: {
    method: 'GET',
    path: '/v1/license-key',
    auth: 'none',
    summary:
      "The server's current license signing key (unsigned: the app trusts only the root-signed set)",
    status: 200,
    response: licenseKeySchema,
  },
  licenseKeys: {
    method: 'GET',
    path: '/v1/license-keys',
    auth: 'none',
    summary:
      'Every published license signing key, current and earlier ones, signed by the root key',
    status: 200,
    response: licenseKeySetSchema,
  },
  adminPublish: {
    method: 'POST',
    path: '/v1/admin/contents',
    auth: 'admin',
    summary: 'Publish a content or a new version',
    body: publishContentRequestSchema,
    status: 201,
    response: catalogItemSchema,
  },
  adminSetPolicy: {
    method: 'PUT',
    path: '/v1/admin/products/:productId/return-policy',
    auth: 'admin',
    summary: "Set a product's return policy",
    params: productParamsSchema,
    body: setPolicyRequestSchema,
    status: 200,
    response: returnPolicySchema,
  },
  adminAddWebhook: {
    method: 'POST',
    path: '/v1/admin/webhooks',
    auth: 'admin',
    summary: 'Register a webhook target',
    body: webhookTargetRequestSchema,
    status: 201,
    response: webhookTargetSchema,
  },
  adminListWebhooks: {
    method: 'GET',
    path: '/v1/admin/webhooks',
    auth: 'admin',
    summary: 'List webhook targets',
    status: 200,
    response: webhookTargetsResponseSchema,
  },
  health: {
    method: 'GET',
    path: '/healthz',
    auth: 'none',
    summary: 'Liveness and database check',
    status: 200,
    response: healthSchema,
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    auth: 'none',
    summary: 'Prometheus metrics',
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type InferIn<T> = T extends z.ZodType ? z.input<T> : undefined;
export type RouteResponse<N extends RouteName> = Infer<
  (typeof routes)[N] extends { response: infer R } ? R : undefined
>;
export type RouteBody<N extends RouteName> = InferIn<
  (typeof routes)[N] extends { body: infer B } ? B : undefined
>;
