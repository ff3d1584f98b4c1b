import { z } from 'zod';
import type { RouteSpec } from '../../shared/api/routes';
import {
  STRIPE_WEBHOOK_PATH,
  stripeEventSchema,
  stripeWebhookAnswerSchema,
} from '../../shared/api/payments';
import { routes } from '../../shared/api/routes';
import { problemSchema } from '../../shared/errors';
import { DEMO_PRODUCTS } from '../seed/demo-catalog';
import { SERVER_VERSION } from '../version';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function successContent(name: string, response: z.ZodType | undefined) {
  if (response) return { 'application/json': { schema: jsonSchema(response, 'output') } };
  if (name === 'metrics') {
    return { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } };
  }
  // A content file is served with its own media type (the catalog item's `mime`).
  const binary = { schema: { type: 'string', format: 'binary' } };
  return Object.fromEntries([...CONTENT_MEDIA_TYPES, '*/*'].map((type) => [type, binary]));
}

/**
 * The media types the demo catalog serves; a publisher may give any other `mime` (`*\/*`).
 * The response's Content-Type is always the content's own `mime`.
 */
const CONTENT_MEDIA_TYPES = [
  ...new Set(DEMO_PRODUCTS.flatMap((p) => p.versions.map((v) => v.mime))),
].sort();

/** Problems every route can answer, besides its own 4xx. */
function problemResponses(spec: RouteSpec, problem: Record<string, unknown>) {
  const responses: Record<string, unknown> = {
    '4XX': { description: 'Problem details with a stable `code`', content: problem },
    '503': {
      description: 'SERVICE_UNAVAILABLE: the database is away for a moment; retry',
      content: problem,
    },
  };
  if (spec.auth !== 'none') {
    responses['401'] = { description: 'UNAUTHENTICATED: no valid bearer token', content: problem };
  }
  if (spec.auth === 'admin') {
    responses['403'] = { description: 'FORBIDDEN: not the admin token', content: problem };
  }
  return responses;
}

/** POST /v1/payments/stripe/webhook: outside the route table (its body stays raw bytes). */
function stripeWebhookOperation(problem: Record<string, unknown>) {
  return {
    operationId: 'stripeWebhook',
    summary: 'Stripe events (Checkout Session completed, expired, payment failed)',
    description:
      'Authenticated by the `Stripe-Signature` header over the raw body (the endpoint secret), ' +
      'not by a bearer token. The only way a Stripe payment is captured; each event id acts once.',
    tags: ['payments'],
    security: [],
    parameters: [
      { name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' } },
    ],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: jsonSchema(stripeEventSchema, 'input') } },
    },
    responses: {
      '200': {
        description: 'Verified: acted on, or a redelivery, or about an unknown order',
        content: {
          'application/json': { schema: jsonSchema(stripeWebhookAnswerSchema, 'output') },
        },
      },
      '400': {
        description: 'VALIDATION_FAILED: signature missing, wrong or stale',
        content: problem,
      },
      '404': { description: 'NOT_FOUND: Stripe is not the payment provider', content: problem },
      '413': { description: 'PAYLOAD_TOO_LARGE', content: problem },
    },
  };
}

/**
 * The OpenAPI 3.1 document, generated from the shared route table and its zod schemas (never
 * written by hand), so it cannot drift from what the server validates.
 */
export function buildOpenApi(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = {
    'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
  };
  for (const [name, spec] of Object.entries(routes) as Array<[string, RouteSpec]>) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    const operation: Record<string, unknown> = {
      operationId: name,
      summary: spec.summary,
      tags: [spec.path.split('/')[spec.path.startsWith('/v1/') ? 2 : 1] ?? 'system'],
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      responses: {
        [String(spec.status)]: {
          description: 'Success',
          content: successContent(name, spec.statusResponse ?? spec.response),
        },
        ...Object.fromEntries(
          (spec.alsoAnswers ?? []).map((also) => [
            String(also.status),
            {
              description: also.description,
              content: successContent(name, also.response ?? spec.response),
            },
          ]),
        ),
        ...problemResponses(spec, problem),
      },
      // Every operation states its security; `[]` is "no token" (public).
      security:
        spec.auth === 'none' ? [] : [{ [spec.auth === 'admin' ? 'adminToken' : 'userToken']: [] }],
    };
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
      };
    }
    paths[path] = { ...(paths[path] ?? {}), [spec.method.toLowerCase()]: operation };
  }
  paths[STRIPE_WEBHOOK_PATH] = { post: stripeWebhookOperation(problem) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shelfkeeper license server',
      version: SERVER_VERSION,
      description:
        'Purchases, licenses, returns with privileges (points or version upgrades), sync feed.',
    },
    // Relative: the server this document was fetched from.
    servers: [{ url: '/', description: 'This license server' }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        userToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'Session token from POST /v1/auth/login',
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The admin token printed at first start',
        },
      },
    },
  };
}
