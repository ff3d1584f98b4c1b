import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { routes } from '../../../shared/api/routes';
import { licenseReturnedWebhookSchema } from '../../../shared/api/webhooks';
import { MAX_BATCH_RETURNS } from '../../../shared/api/returns';
import {
  ERROR_SENTENCES,
  ERROR_STATUS,
  problemSchema,
  problemType,
  toFieldIssues,
  type ServerErrorCode,
} from '../../../shared/errors';
import {
  now,
  sampleCatalogItem,
  sampleLicenseView,
  sampleReceipt,
} from '../../fixtures/contract-samples';

interface Case {
  valid: unknown[];
  /** Each invalid body and the path its first issue must name. */
  invalid: { value: unknown; path: string }[];
}

const id = () => randomUUID();
const item = sampleCatalogItem();
const license = sampleLicenseView(item);
const receipt = sampleReceipt();
const sampleProblem = (code: ServerErrorCode) => ({
  type: problemType(code),
  title: ERROR_SENTENCES[code],
  status: ERROR_STATUS[code],
  instance: '/v1/returns/batch',
  code,
});
const policy = item.returnPolicy;
const order = {
  id: id(),
  contentId: item.contentId,
  state: 'awaiting_payment',
  priceCents: 999,
  pointsHeld: 100,
  moneyDueCents: 899,
  currency: 'usd',
  provider: 'stripe',
  testPayment: false,
  checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_1',
  purchaseId: null,
  licenseId: null,
  refund: null,
  createdAt: now(),
  expiresAt: now(),
  updatedAt: now(),
};

/** One entry per schema in the route table: `<route>.<part>`. */
const cases: Record<string, Case> = {
  'register.body': {
    valid: [{ email: 'a@example.com', password: 'correct horse', name: 'Ann' }],
    invalid: [
      { value: { email: 'nope', password: 'correct horse', name: 'Ann' }, path: 'email' },
      { value: { email: 'a@example.com', password: 'short', name: 'Ann' }, path: 'password' },
    ],
  },
  'register.response': {
    valid: [{ email: 'a@example.com', confirmationSent: true }],
    invalid: [
      { value: { email: 'a@example.com', confirmationSent: false }, path: 'confirmationSent' },
    ],
  },
  'confirmEmail.body': {
    valid: [{ token: 'x'.repeat(43) }],
    invalid: [{ value: { token: 'short' }, path: 'token' }],
  },
  'confirmEmail.response': {
    valid: [{ id: id(), email: 'a@example.com', name: 'Ann' }],
    invalid: [{ value: { id: 'x', email: 'a@example.com', name: 'Ann' }, path: 'id' }],
  },
  'resendConfirmation.body': {
    valid: [{ email: 'a@example.com' }],
    invalid: [{ value: { email: 'nope' }, path: 'email' }],
  },
  'resendConfirmation.response': {
    valid: [{ ok: true }],
    invalid: [{ value: { ok: false }, path: 'ok' }],
  },
  'requestPasswordReset.body': {
    valid: [{ email: 'a@example.com' }],
    invalid: [{ value: {}, path: 'email' }],
  },
  'requestPasswordReset.response': {
    valid: [{ ok: true }],
    invalid: [{ value: {}, path: 'ok' }],
  },
  'resetPassword.body': {
    valid: [{ token: 'x'.repeat(43), password: 'correct horse' }],
    invalid: [
      { value: { token: 'x'.repeat(43), password: 'short' }, path: 'password' },
      { value: { password: 'correct horse' }, path: 'token' },
    ],
  },
  'resetPassword.response': {
    valid: [{ ok: true, sessionsEnded: 3 }],
    invalid: [{ value: { ok: true, sessionsEnded: -1 }, path: 'sessionsEnded' }],
  },
  'changePassword.body': {
    valid: [{ currentPassword: 'old', newPassword: 'correct horse' }],
    invalid: [
      { value: { currentPassword: 'old', newPassword: 'short' }, path: 'newPassword' },
      { value: { currentPassword: '', newPassword: 'correct horse' }, path: 'currentPassword' },
    ],
  },
  'changePassword.response': {
    valid: [{ ok: true, sessionsEnded: 0 }],
    invalid: [{ value: { ok: true }, path: 'sessionsEnded' }],
  },
  'login.body': {
    valid: [{ email: 'a@example.com', password: 'pw', deviceId: id(), deviceName: 'Laptop' }],
    invalid: [
      {
        value: { email: 'a@example.com', password: 'pw', deviceId: '1', deviceName: 'L' },
        path: 'deviceId',
      },
      {
        value: { email: 'a@example.com', password: 'pw', deviceId: id(), deviceName: ' ' },
        path: 'deviceName',
      },
    ],
  },
  'login.response': {
    valid: [
      {
        token: 't'.repeat(40),
        expiresAt: now(),
        user: { id: id(), email: 'a@example.com', name: 'Ann' },
        device: { id: id(), name: 'Laptop', createdAt: now(), lastSeenAt: now() },
      },
    ],
    invalid: [{ value: { token: 'short', expiresAt: now() }, path: 'token' }],
  },
  'logout.response': { valid: [{ ok: true }], invalid: [{ value: { ok: false }, path: 'ok' }] },
  'listDevices.response': {
    valid: [{ devices: [] }],
    invalid: [{ value: { devices: [{ id: id() }] }, path: 'devices.0.name' }],
  },
  'renameDevice.params': {
    valid: [{ deviceId: id() }],
    invalid: [{ value: { deviceId: 'x' }, path: 'deviceId' }],
  },
  'renameDevice.body': {
    valid: [{ name: 'Kitchen tablet' }, { name: '  Laptop  ' }],
    invalid: [
      { value: { name: '   ' }, path: 'name' },
      { value: { name: 'x'.repeat(101) }, path: 'name' },
    ],
  },
  'renameDevice.response': {
    valid: [{ id: id(), name: 'Laptop', createdAt: now(), lastSeenAt: now() }],
    invalid: [{ value: { id: id(), name: 'Laptop' }, path: 'createdAt' }],
  },
  'removeDevice.params': {
    valid: [{ deviceId: id() }],
    invalid: [{ value: { deviceId: '../etc/passwd' }, path: 'deviceId' }],
  },
  'removeDevice.response': { valid: [{ ok: true }], invalid: [{ value: {}, path: 'ok' }] },
  'listCatalog.query': {
    valid: [{}, { q: 'quiet', kind: 'audio', limit: '20', cursor: 'abc', latestOnly: 'true' }],
    invalid: [
      { value: { kind: 'vinyl' }, path: 'kind' },
      { value: { limit: '1000' }, path: 'limit' },
    ],
  },
  'listCatalog.response': {
    valid: [{ items: [item], nextCursor: null }],
    invalid: [
      {
        value: { items: [{ ...item, priceCents: -1 }], nextCursor: null },
        path: 'items.0.priceCents',
      },
    ],
  },
  'getCatalogItem.params': {
    valid: [{ contentId: id() }],
    invalid: [{ value: { contentId: "1' OR '1'='1" }, path: 'contentId' }],
  },
  'getCatalogItem.response': {
    valid: [
      item,
      { ...item, returnPolicy: null },
      { ...item, cover: { sha256: 'a'.repeat(64), size: 953, mime: 'image/png' } },
    ],
    invalid: [
      { value: { ...item, file: { ...item.file, sha256: 'XYZ' } }, path: 'file.sha256' },
      {
        value: { ...item, cover: { sha256: 'a'.repeat(64), size: 953, mime: 'image/svg+xml' } },
        path: 'cover.mime',
      },
      {
        value: {
          ...item,
          cover: { sha256: 'a'.repeat(64), size: 2 * 1024 * 1024, mime: 'image/png' },
        },
        path: 'cover.size',
      },
      {
        value: { ...item, returnPolicy: { ...policy, buybackRatePct: null, tradeIn: null } },
        path: 'returnPolicy',
      },
    ],
  },
  'purchase.body': {
    valid: [
      { contentId: id(), idempotencyKey: id() },
      { contentId: id(), pointsToUse: 500, idempotencyKey: id() },
    ],
    invalid: [
      { value: { contentId: id(), pointsToUse: -5, idempotencyKey: id() }, path: 'pointsToUse' },
      { value: { contentId: id(), pointsToUse: 1.5, idempotencyKey: id() }, path: 'pointsToUse' },
      { value: { contentId: id() }, path: 'idempotencyKey' },
    ],
  },
  'purchase.response': {
    valid: [
      {
        purchase: {
          id: id(),
          contentId: item.contentId,
          priceCents: 999,
          pointsUsed: 0,
          moneyPaidCents: 999,
          createdAt: now(),
        },
        license,
        balance: 0,
      },
      {
        purchase: {
          id: id(),
          contentId: item.contentId,
          priceCents: 999,
          pointsUsed: 100,
          moneyPaidCents: 899,
          orderId: order.id,
          paymentProvider: 'stripe',
          createdAt: now(),
        },
        license,
        balance: 0,
      },
      { order, balance: 10 },
    ],
    // Neither a purchase nor an order: the union names the root.
    invalid: [
      { value: { purchase: {}, license, balance: 0 }, path: '$' },
      { value: { order: { ...order, state: 'lost' }, balance: 0 }, path: '$' },
    ],
  },
  'getOrder.params': {
    valid: [{ orderId: id() }],
    invalid: [{ value: { orderId: 'x' }, path: 'orderId' }],
  },
  'getOrder.response': {
    valid: [
      order,
      { ...order, state: 'paid', purchaseId: id(), licenseId: id(), checkoutUrl: null },
    ],
    invalid: [
      { value: { ...order, provider: 'paypal' }, path: 'provider' },
      { value: { ...order, moneyDueCents: -1 }, path: 'moneyDueCents' },
    ],
  },
  'listOrders.query': {
    valid: [{}, { limit: 20 }],
    invalid: [{ value: { limit: 0 }, path: 'limit' }],
  },
  'listOrders.response': {
    valid: [{ orders: [] }, { orders: [{ ...order, title: 'A book' }] }],
    invalid: [
      { value: { orders: [order] }, path: 'orders.0.title' },
      { value: { orders: [{ ...order, title: 'A', state: 'lost' }] }, path: 'orders.0.state' },
    ],
  },
  'listLicenses.response': {
    valid: [{ licenses: [license] }],
    invalid: [
      {
        value: { licenses: [{ ...license, signed: { ...license.signed, signature: 'short' } }] },
        path: 'licenses.0.signed.signature',
      },
      {
        value: {
          licenses: [
            {
              ...license,
              signed: { ...license.signed, document: { ...license.signed.document, extra: 1 } },
            },
          ],
        },
        path: 'licenses.0.signed.document',
      },
    ],
  },
  'getCatalogCover.params': {
    valid: [{ contentId: id() }],
    invalid: [{ value: { contentId: '../cover' }, path: 'contentId' }],
  },
  'downloadContent.params': {
    valid: [{ contentId: id() }],
    invalid: [{ value: { contentId: '..%2f..%2f' }, path: 'contentId' }],
  },
  'returnQuote.params': {
    valid: [{ licenseId: id() }],
    invalid: [{ value: {}, path: 'licenseId' }],
  },
  'returnQuote.response': {
    valid: [
      {
        status: 'offered',
        quoteId: id(),
        licenseId: id(),
        expiresAt: now(),
        returnDeadline: null,
        policy: {
          windowDays: null,
          buybackRatePct: 70,
          tradeIn: { type: 'upgrade', fallbackPointsRatePct: 50 },
          limitPer30Days: 2,
        },
        limit: { allowed: 2, used: 1, periodDays: 30, nextFreeAt: null },
        options: [
          {
            kind: 'buyback',
            privilege: { type: 'points', points: 700 },
            basis: 'buyback_rate',
            ratePct: 70,
          },
          {
            kind: 'trade_in',
            privilege: { type: 'upgrade', contentId: id(), version: 3, title: 'X v3' },
            basis: 'newest_version',
            ratePct: null,
          },
        ],
      },
      {
        status: 'refused',
        licenseId: id(),
        returnDeadline: null,
        policy: null,
        limit: null,
        refusal: { code: 'NOT_RETURNABLE', freesAt: null },
      },
      {
        status: 'refused',
        licenseId: id(),
        returnDeadline: now(),
        policy: {
          windowDays: 30,
          buybackRatePct: 50,
          tradeIn: null,
          limitPer30Days: 2,
        },
        limit: { allowed: 2, used: 2, periodDays: 30, nextFreeAt: now() },
        refusal: { code: 'RETURN_LIMIT_REACHED', freesAt: now() },
      },
    ],
    invalid: [
      {
        value: {
          status: 'offered',
          quoteId: id(),
          licenseId: id(),
          expiresAt: now(),
          returnDeadline: null,
          policy: null,
          limit: null,
          options: [],
        },
        path: 'options',
      },
      {
        value: {
          status: 'offered',
          quoteId: id(),
          licenseId: id(),
          expiresAt: now(),
          returnDeadline: null,
          policy: null,
          limit: null,
          options: [
            {
              kind: 'gift',
              privilege: { type: 'points', points: 1 },
              basis: 'buyback_rate',
              ratePct: 1,
            },
          ],
        },
        path: 'options.0.kind',
      },
      {
        value: {
          status: 'refused',
          licenseId: id(),
          returnDeadline: null,
          policy: null,
          limit: null,
          refusal: { code: 'QUOTE_EXPIRED', freesAt: null },
        },
        path: 'refusal.code',
      },
    ],
  },
  'createReturn.body': {
    valid: [
      { returnId: id(), licenseId: id(), kind: 'buyback', deviceId: id() },
      { returnId: id(), licenseId: id(), kind: 'trade_in', quoteId: id(), deviceId: id() },
    ],
    invalid: [
      { value: { returnId: id(), licenseId: id(), kind: 'refund', deviceId: id() }, path: 'kind' },
      { value: { licenseId: id(), kind: 'buyback', deviceId: id() }, path: 'returnId' },
    ],
  },
  'createReturn.response': {
    valid: [receipt, sampleReceipt({ kind: 'trade_in', privilege: { type: 'upgrade', license } })],
    invalid: [
      { value: { ...receipt, privilege: { type: 'upgrade' } }, path: 'privilege.license' },
      { value: { ...receipt, balance: -1 }, path: 'balance' },
    ],
  },
  'createReturnBatch.body': {
    valid: [
      { returns: [{ returnId: id(), licenseId: id(), kind: 'buyback', deviceId: id() }] },
      {
        returns: Array.from({ length: MAX_BATCH_RETURNS }, () => ({
          returnId: id(),
          licenseId: id(),
          kind: 'trade_in',
          quoteId: id(),
          deviceId: id(),
        })),
      },
    ],
    invalid: [
      { value: { returns: [] }, path: 'returns' },
      {
        value: {
          returns: Array.from({ length: MAX_BATCH_RETURNS + 1 }, () => ({
            returnId: id(),
            licenseId: id(),
            kind: 'buyback',
            deviceId: id(),
          })),
        },
        path: 'returns',
      },
      {
        value: { returns: [{ returnId: id(), licenseId: id(), kind: 'refund', deviceId: id() }] },
        path: 'returns.0.kind',
      },
    ],
  },
  'createReturnBatch.response': {
    valid: [
      {
        results: [
          { returnId: id(), outcome: 'returned', status: 201, receipt },
          { returnId: id(), outcome: 'returned', status: 200, receipt },
          { returnId: id(), outcome: 'refused', status: 404, problem: sampleProblem('NOT_FOUND') },
          {
            returnId: id(),
            outcome: 'refused',
            status: 409,
            problem: { ...sampleProblem('LICENSE_ALREADY_RETURNED'), receipt },
          },
        ],
      },
    ],
    invalid: [
      {
        value: { results: [{ returnId: id(), outcome: 'returned', status: 202, receipt }] },
        path: 'results.0.status',
      },
      {
        value: { results: [{ returnId: id(), outcome: 'refused', status: 404 }] },
        path: 'results.0.problem',
      },
    ],
  },
  'returnQuoteBatch.body': {
    valid: [{ licenseIds: [id(), id()] }],
    invalid: [
      { value: { licenseIds: [] }, path: 'licenseIds' },
      { value: { licenseIds: ['x'] }, path: 'licenseIds.0' },
    ],
  },
  'returnQuoteBatch.response': {
    valid: [
      {
        quotes: [
          {
            licenseId: id(),
            outcome: 'quoted',
            quote: {
              status: 'offered',
              quoteId: id(),
              licenseId: id(),
              expiresAt: now(),
              returnDeadline: null,
              policy: null,
              limit: null,
              options: [
                {
                  kind: 'buyback',
                  privilege: { type: 'points', points: 700 },
                  basis: 'buyback_rate',
                  ratePct: 70,
                },
              ],
            },
          },
          {
            licenseId: id(),
            outcome: 'refused',
            status: 422,
            problem: sampleProblem('RETURN_WINDOW_CLOSED'),
          },
        ],
      },
    ],
    invalid: [
      { value: { quotes: [{ licenseId: id(), outcome: 'quoted' }] }, path: 'quotes.0.quote' },
    ],
  },
  'listReturns.query': {
    valid: [{}, { limit: '20', cursor: 'WyIyMDI2IiwiYSJd' }],
    invalid: [
      { value: { limit: '101' }, path: 'limit' },
      { value: { cursor: '' }, path: 'cursor' },
    ],
  },
  'listReturns.response': {
    valid: [
      { returns: [receipt], nextCursor: null },
      { returns: [receipt], nextCursor: 'WyIyMDI2IiwiYSJd' },
    ],
    invalid: [
      {
        value: { returns: [{ ...receipt, returnedAt: 'yesterday' }], nextCursor: null },
        path: 'returns.0.returnedAt',
      },
      { value: { returns: [] }, path: 'nextCursor' },
    ],
  },
  'wallet.query': {
    valid: [{}, { limit: '50' }],
    invalid: [{ value: { limit: '0' }, path: 'limit' }],
  },
  'wallet.response': {
    valid: [
      {
        balance: 300,
        entries: [
          {
            id: id(),
            delta: 300,
            reason: 'buyback',
            reference: id(),
            item: { contentId: id(), title: 'Night Songs', version: 1 },
            balanceAfter: 300,
            createdAt: now(),
          },
        ],
        nextCursor: null,
      },
    ],
    invalid: [
      {
        value: {
          balance: 0,
          entries: [
            {
              id: id(),
              delta: 1,
              reason: 'gift',
              reference: null,
              balanceAfter: 1,
              createdAt: now(),
            },
          ],
          nextCursor: null,
        },
        path: 'entries.0.reason',
      },
    ],
  },
  'pushPlaces.body': {
    valid: [
      { positions: [], bookmarks: [] },
      {
        positions: [{ contentId: id(), position: '3@1.25', updatedAt: now() }],
        bookmarks: [
          {
            bookmarkId: id(),
            contentId: id(),
            position: 'epubcfi(/6/4!/4/2/1:0)',
            label: 'Chapter 1',
            createdAt: now(),
            updatedAt: '2026-11-29T11:00:00+01:00',
            deleted: true,
          },
        ],
      },
    ],
    invalid: [
      {
        value: { positions: [{ contentId: id(), position: '', updatedAt: now() }], bookmarks: [] },
        path: 'positions.0.position',
      },
      {
        value: {
          positions: [],
          bookmarks: [
            {
              bookmarkId: 'b',
              contentId: id(),
              position: '1',
              label: 'x',
              createdAt: now(),
              updatedAt: now(),
              deleted: false,
            },
          ],
        },
        path: 'bookmarks.0.bookmarkId',
      },
      {
        value: {
          positions: Array.from({ length: 201 }, () => ({
            contentId: id(),
            position: '1',
            updatedAt: now(),
          })),
          bookmarks: [],
        },
        path: 'positions',
      },
    ],
  },
  'pushPlaces.response': {
    valid: [{ stored: 2, ignored: 1 }],
    invalid: [{ value: { stored: -1, ignored: 0 }, path: 'stored' }],
  },
  'listPlaces.query': {
    valid: [{}, { after: '17', limit: '200' }],
    invalid: [
      { value: { after: '-1' }, path: 'after' },
      { value: { limit: '201' }, path: 'limit' },
    ],
  },
  'listPlaces.response': {
    valid: [
      {
        positions: [{ contentId: id(), position: '42.5', updatedAt: now() }],
        bookmarks: [],
        lastRev: 9,
        hasMore: false,
      },
    ],
    invalid: [{ value: { positions: [], bookmarks: [], lastRev: 1 }, path: 'hasMore' }],
  },
  'sync.query': {
    valid: [{}, { after: '42' }],
    invalid: [{ value: { after: '-1' }, path: 'after' }],
  },
  'sync.response': {
    valid: [
      {
        events: [
          { seq: 1, createdAt: now(), type: 'license.issued', license },
          { seq: 2, createdAt: now(), type: 'license.returned', receipt },
          { seq: 3, createdAt: now(), type: 'wallet.changed', balance: 10 },
          { seq: 4, createdAt: now(), type: 'order.changed', order },
        ],
        lastSeq: 4,
        hasMore: false,
      },
    ],
    invalid: [
      {
        value: {
          events: [{ seq: 1, createdAt: now(), type: 'license.lost' }],
          lastSeq: 1,
          hasMore: false,
        },
        path: 'events.0.type',
      },
    ],
  },
  'licenseKey.response': {
    valid: [{ algorithm: 'Ed25519', keyId: 'k1', publicKey: 'A'.repeat(43) }],
    invalid: [
      { value: { algorithm: 'RSA', keyId: 'k1', publicKey: 'A'.repeat(43) }, path: 'algorithm' },
    ],
  },
  'licenseKeys.response': {
    valid: [
      {
        keySet: {
          v: 1,
          currentKeyId: 'k2',
          keys: [
            { algorithm: 'Ed25519', keyId: 'k2', publicKey: 'B'.repeat(43) },
            { algorithm: 'Ed25519', keyId: 'k1', publicKey: 'A'.repeat(43) },
          ],
        },
        rootSignature: 'S'.repeat(86),
      },
    ],
    invalid: [
      {
        value: { keySet: { v: 1, currentKeyId: 'k1', keys: [] }, rootSignature: 'S'.repeat(86) },
        path: 'keySet.keys',
      },
      {
        value: { keySet: { v: 2, currentKeyId: 'k1', keys: [] }, rootSignature: 'S'.repeat(86) },
        path: 'keySet.v',
      },
      // Unsigned: the app trusts no key set without the root's signature.
      {
        value: {
          keySet: {
            v: 1,
            currentKeyId: 'k1',
            keys: [{ algorithm: 'Ed25519', keyId: 'k1', publicKey: 'A'.repeat(43) }],
          },
        },
        path: 'rootSignature',
      },
    ],
  },
  'offlineLease.query': {
    valid: [{}, { nonce: 'Ab-_'.repeat(6) }],
    invalid: [
      { value: { nonce: 'short' }, path: 'nonce' },
      { value: { nonce: 'a+b/'.repeat(6) }, path: 'nonce' },
    ],
  },
  'offlineLease.response': {
    valid: [
      {
        lease: {
          document: {
            v: 1,
            userId: id(),
            issuedAt: now(),
            offlineUntil: now(),
            licenseIds: [id(), id()],
            keyId: 'k1',
          },
          signature: 'S'.repeat(86),
        },
      },
      {
        lease: {
          document: {
            v: 1,
            userId: id(),
            issuedAt: now(),
            offlineUntil: now(),
            licenseIds: [],
            keyId: 'k1',
            nonce: 'n'.repeat(22),
          },
          signature: 'S'.repeat(86),
        },
      },
    ],
    invalid: [
      {
        value: {
          lease: {
            document: {
              v: 1,
              userId: id(),
              issuedAt: now(),
              offlineUntil: 'next month',
              licenseIds: [],
              keyId: 'k1',
            },
            signature: 'S'.repeat(86),
          },
        },
        path: 'lease.document.offlineUntil',
      },
    ],
  },
  'adminPublish.body': {
    valid: [
      {
        title: 'T',
        creator: 'C',
        kind: 'ebook',
        priceCents: 100,
        mime: 'text/plain',
        fileBase64: 'aGVsbG8=',
      },
      {
        title: 'T',
        creator: 'C',
        kind: 'ebook',
        priceCents: 100,
        mime: 'text/plain',
        fileBase64: 'aGVsbG8=',
        cover: { mime: 'image/png', base64: 'iVBORw0KGgo=' },
      },
    ],
    invalid: [
      {
        value: {
          title: 'T',
          creator: 'C',
          kind: 'ebook',
          priceCents: 100,
          mime: 'text/plain',
          fileBase64: 'aGVsbG8=',
          cover: { mime: 'image/gif', base64: 'R0lGODlh' },
        },
        path: 'cover.mime',
      },
      {
        value: {
          title: 'T',
          creator: 'C',
          kind: 'ebook',
          priceCents: 100,
          mime: 'text',
          fileBase64: 'aGVsbG8=',
        },
        path: 'mime',
      },
      {
        value: {
          title: 'T',
          creator: 'C',
          kind: 'ebook',
          priceCents: 100,
          mime: 'text/plain',
          fileBase64: '***',
        },
        path: 'fileBase64',
      },
    ],
  },
  'adminPublish.response': {
    valid: [item],
    invalid: [{ value: { ...item, version: 0 }, path: 'version' }],
  },
  'adminSetPolicy.params': {
    valid: [{ productId: id() }],
    invalid: [{ value: { productId: 7 }, path: 'productId' }],
  },
  'adminSetPolicy.body': {
    valid: [
      policy,
      {
        windowDays: null,
        buybackRatePct: null,
        tradeIn: { type: 'points', ratePct: 40 },
        limitPer30Days: null,
      },
    ],
    invalid: [{ value: { ...policy, buybackRatePct: 150 }, path: 'buybackRatePct' }],
  },
  'adminSetPolicy.response': {
    valid: [policy],
    invalid: [{ value: { ...policy, windowDays: 0 }, path: 'windowDays' }],
  },
  'adminAddWebhook.body': {
    valid: [{ url: 'http://127.0.0.1:9000/hook', secret: 's'.repeat(32) }],
    invalid: [
      { value: { url: 'file:///etc/passwd', secret: 's'.repeat(32) }, path: 'url' },
      { value: { url: 'https://example.com', secret: 'short' }, path: 'secret' },
    ],
  },
  'adminAddWebhook.response': {
    valid: [{ id: id(), url: 'https://example.com', createdAt: now() }],
    invalid: [{ value: { id: id(), url: 'https://example.com' }, path: 'createdAt' }],
  },
  'adminListWebhooks.response': {
    valid: [{ targets: [] }],
    invalid: [{ value: {}, path: 'targets' }],
  },
  'health.response': {
    valid: [{ status: 'ok', database: 'sqlite', version: '0.1.0' }],
    invalid: [{ value: { status: 'ok', database: 'mysql', version: '0.1.0' }, path: 'database' }],
  },
};

const parts = ['params', 'query', 'body', 'response'] as const;
const routeSchemas: [string, z.ZodType][] = Object.entries(routes).flatMap(([name, spec]) =>
  parts.flatMap((part) => {
    const schema = (spec as Partial<Record<(typeof parts)[number], z.ZodType>>)[part];
    return schema ? [[`${name}.${part}`, schema] as [string, z.ZodType]] : [];
  }),
);

describe('HTTP API schemas', () => {
  it('has a round-trip case for every schema in the route table', () => {
    expect(Object.keys(cases).sort()).toEqual(routeSchemas.map(([key]) => key).sort());
  });

  for (const [key, schema] of routeSchemas) {
    const testCase = cases[key];
    if (!testCase) continue;
    it(`${key}: valid bodies parse and survive a JSON round trip`, () => {
      for (const value of testCase.valid) {
        const parsed = schema.parse(value);
        expect(schema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      }
    });
    it(`${key}: invalid bodies are rejected at the right path`, () => {
      expect(testCase.invalid.length).toBeGreaterThan(0);
      for (const { value, path } of testCase.invalid) {
        const result = schema.safeParse(value);
        expect(result.success, JSON.stringify(value)).toBe(false);
        if (!result.success) expect(toFieldIssues(result.error).map((i) => i.path)).toContain(path);
      }
    });
  }
});

describe('problem+json and webhook bodies', () => {
  it('accepts a problem with a stable code and rejects an unknown code', () => {
    const problem = {
      type: 'https://shelfkeeper.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      code: 'NOT_FOUND',
    };
    expect(problemSchema.parse(problem)).toEqual(problem);
    const bad = problemSchema.safeParse({ ...problem, code: 'OOPS' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(toFieldIssues(bad.error)[0]?.path).toBe('code');
  });

  it('reads an order.changed event stored before refunds existed (no refund key) as no refund', () => {
    // The sync feed serves events as they were stored: one written before migration 0012 has no
    // `refund`, and a sync page holding it must still be read (else the app's sync stops there).
    const { refund: _none, ...stored } = order;
    const page = routes.sync.response.parse({
      events: [{ seq: 7, createdAt: now(), type: 'order.changed', order: stored }],
      lastSeq: 7,
      hasMore: false,
    });
    expect(page.events[0]).toMatchObject({ type: 'order.changed', order: { refund: null } });
  });

  it('reads an order.changed event whose state a later server added', () => {
    // The app keeps nothing from it: a new state must not stop its sync at that page.
    const page = routes.sync.response.parse({
      events: [
        { seq: 8, createdAt: now(), type: 'order.changed', order: { ...order, state: 'disputed' } },
      ],
      lastSeq: 8,
      hasMore: false,
    });
    expect(page.events[0]).toMatchObject({ order: { state: 'disputed' } });
  });

  it('validates the license.returned webhook body', () => {
    const body = {
      id: id(),
      type: 'license.returned',
      occurredAt: now(),
      data: {
        userId: id(),
        returnId: id(),
        licenseId: id(),
        contentId: id(),
        productId: id(),
        version: 1,
        kind: 'buyback',
        contentStatus: 'returned',
        privilege: { type: 'points', points: 700, balance: 900 },
      },
    };
    expect(licenseReturnedWebhookSchema.parse(body)).toEqual(body);
    const bad = licenseReturnedWebhookSchema.safeParse({
      ...body,
      data: { ...body.data, contentStatus: 'active' },
    });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(toFieldIssues(bad.error)[0]?.path).toBe('data.contentStatus');
  });
});
