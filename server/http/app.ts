import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { registerAccountPages } from './account-pages';
import { registerCheckoutReturnPage } from './checkout-return-page';
import { renderDocsPage } from './docs-page';
import { buildOpenApi } from './openapi';
import { sendProblem } from './problem';
import { registerRouteTable } from './route-table';
import { allHandlers } from './routes/all-handlers';
import { registerStripeWebhook } from './stripe-webhook';

/** Every body except the publish route's file upload. */
const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface AppOptions {
  /** Fastify's `trustProxy`: whose `X-Forwarded-For` sets `request.ip` (the limits' key). */
  trustProxy: boolean | number | string;
}

export function buildApp(ctx: ServerContext, options: AppOptions): FastifyInstance {
  const app = Fastify({
    // A hop count trusts that many proxies nearest the server (Fastify's types omit the number).
    trustProxy:
      typeof options.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (options.trustProxy as number)
        : options.trustProxy,
    loggerInstance: ctx.logger as FastifyBaseLogger,
    // One debug line per response from the onResponse hook below instead of Fastify's two info lines.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Errors raised before routing (a malformed URL) answer problem+json like every other error.
    frameworkErrors: (error, request, reply) => {
      sendProblem(reply, request, error);
    },
  });

  // JSON bodies: Fastify's parser (which refuses __proto__ poisoning), but an empty body is
  // "no body" rather than an error, so a bodiless POST (logout) works with any client.
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    void json(request, text, done);
  });

  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, new AppError('NOT_FOUND', 'No such route')),
  );

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    request.log.debug(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });

  registerRouteTable(app, ctx, allHandlers(ctx));

  registerStripeWebhook(app, ctx);
  registerCheckoutReturnPage(app);
  registerAccountPages(app, ctx);

  const openApi = buildOpenApi();
  const docs = renderDocsPage(openApi);
  app.get('/openapi.json', (_request, reply) => reply.send(openApi));
  app.get('/docs', (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(docs),
  );
  return app;
}
