import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteName, RouteResponse, routes } from '../../shared/api/routes';
import type { Caller } from '../services/auth';

/*
 * What a route handler receives and answers. Its own file so the route files (routes/) and the
 * code that registers them (route-table.ts, app.ts) both depend on it and not on each other.
 */

type Routes = typeof routes;
type Parsed<N extends RouteName, K extends 'params' | 'query' | 'body'> =
  Routes[N] extends Record<K, infer S> ? (S extends z.ZodType ? z.infer<S> : undefined) : undefined;

export interface HandlerInput<N extends RouteName> {
  params: Parsed<N, 'params'>;
  query: Parsed<N, 'query'>;
  body: Parsed<N, 'body'>;
  /** The signed-in user on `auth: 'user'` routes. */
  caller: Routes[N]['auth'] extends 'user' ? Caller : undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** JSON routes answer their response body; the others (file, metrics) send through `reply`. */
export type Handler<N extends RouteName> = (
  input: HandlerInput<N>,
) => Promise<Routes[N] extends { response: z.ZodType } ? RouteResponse<N> : FastifyReply>;

/** One handler per route of the shared table: a missing one is a type error. */
export type Handlers = { [N in RouteName]: Handler<N> };
