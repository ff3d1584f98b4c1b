import { z } from 'zod';
import type { RouteSpec } from '../../shared/api/routes';
import { routes } from '../../shared/api/routes';
import { problemSchema } from '../../shared/errors';
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

function successContent(name: string, spec: RouteSpec) {
  if (spec.response) return { 'application/json': { schema: jsonSchema(spec.response, 'output') } };
  if (name === 'metrics') return { 'text/plain': { schema: { type: 'string' } } };
  return { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
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
        [String(spec.status)]: { description: 'Success', content: successContent(name, spec) },
        ...(name === 'downloadContent'
          ? {
              '206': {
                description: 'Partial content (Range)',
                content: successContent(name, spec),
              },
            }
          : {}),
        '4XX': { description: 'Problem details with a stable `code`', content: problem },
      },
    };
    if (spec.auth !== 'none')
      operation.security = [{ [spec.auth === 'admin' ? 'adminToken' : 'userToken']: [] }];
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
      };
    }
    paths[path] = { ...(paths[path] ?? {}), [spec.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shelfkeeper license server',
      version: SERVER_VERSION,
      description:
        'Purchases, licenses, returns with privileges (points or version upgrades), sync feed.',
    },
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
