import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { MAX_CONTENT_FILE_BYTES } from '../../shared/api/admin';
import { MAX_BATCH_RETURNS } from '../../shared/api/returns';
import { PLACES_PUSH_MAX_BYTES } from '../../shared/api/places';
import type { RouteName, RouteSpec } from '../../shared/api/routes';
import { routes } from '../../shared/api/routes';
import { AppError, parseOrThrow } from '../../shared/errors';
import type { ServerContext } from '../context';
import { checkAdminToken } from '../services/admin-token';
import type { Caller } from '../services/auth';
import { authenticate } from '../services/auth';
import type { HandlerInput, Handlers } from './handler-types';

/** The publish route carries a base64 file and a places push a batch; every other body is small. */
const PUBLISH_BODY_LIMIT = Math.ceil(MAX_CONTENT_FILE_BYTES / 3) * 4 + 64 * 1024;
/** A full batch of returns: each compact item is under 200 bytes, 300 leaves room for spaces. */
const BATCH_BODY_LIMIT = MAX_BATCH_RETURNS * 300;

const BODY_LIMITS: Partial<Record<RouteName, number>> = {
  adminPublish: PUBLISH_BODY_LIMIT,
  createReturnBatch: BATCH_BODY_LIMIT,
  returnQuoteBatch: BATCH_BODY_LIMIT,
  pushPlaces: PLACES_PUSH_MAX_BYTES,
};

/** A route's own body limit, or undefined for the server's default (app.ts). */
export function routeBodyLimit(name: RouteName): number | undefined {
  return BODY_LIMITS[name];
}

/**
 * NUL characters are refused everywhere: PostgreSQL cannot store them in text, and no legitimate
 * name, title or id contains one. Checked once here instead of in every schema.
 */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}.${i}`);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(key, path) ?? findNul(item, path === '$' ? key : `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = parseOrThrow(schema, value, what);
  const nul = findNul(parsed, '$');
  if (nul) {
    throw new AppError('VALIDATION_FAILED', `Invalid ${what}: NUL character`, {
      issues: [{ path: nul, message: 'must not contain a NUL character' }],
    });
  }
  return parsed;
}

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S{1,512})$/i.exec(header) : null;
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'A bearer token is required');
  return match[1];
}

/**
 * Registers every route of `shared/api/routes.ts`: authenticates, validates params, query and
 * body with the route's schemas (400 VALIDATION_FAILED naming each bad field), then calls the
 * handler and answers the route's success status (a handler may lower 201 to 200 for a replay).
 */
export function registerRouteTable(
  app: FastifyInstance,
  ctx: ServerContext,
  handlers: Handlers,
): void {
  for (const name of Object.keys(routes) as RouteName[]) {
    const spec: RouteSpec = routes[name];
    const handler = handlers[name] as (input: HandlerInput<RouteName>) => Promise<unknown>;
    app.route({
      method: spec.method,
      url: spec.path,
      ...(BODY_LIMITS[name] ? { bodyLimit: BODY_LIMITS[name] } : {}),
      handler: async (request, reply) => {
        let caller: Caller | undefined;
        if (spec.auth === 'user') caller = await authenticate(ctx, bearer(request));
        if (spec.auth === 'admin') await checkAdminToken(ctx, bearer(request), request.ip);
        const input = {
          params: spec.params
            ? parseInput(spec.params, request.params, 'path parameters')
            : undefined,
          query: spec.query ? parseInput(spec.query, request.query ?? {}, 'query') : undefined,
          body: spec.body ? parseInput(spec.body, request.body, 'body') : undefined,
          caller,
          request,
          reply,
        } as HandlerInput<RouteName>;
        reply.code(spec.status);
        return handler(input);
      },
    });
  }
}
