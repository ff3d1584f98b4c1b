import { describe, expect, it } from 'vitest';
import { AppError, problemSchema } from '../../../shared/errors';
import { Metrics } from '../../../server/http/metrics';
import { toProblem } from '../../../server/http/problem';

describe('problem details', () => {
  it('maps an AppError with its code, issues and receipt', () => {
    const problem = toProblem(
      new AppError('LICENSE_ALREADY_RETURNED', 'returned', {
        data: { receipt: { returnId: 'r' } },
      }),
      '/v1/returns',
    );
    expect(problemSchema.parse(problem)).toMatchObject({
      status: 409,
      code: 'LICENSE_ALREADY_RETURNED',
      receipt: { returnId: 'r' },
    });
  });

  it("maps Fastify's body errors and hides unknown errors behind a bare 500", () => {
    expect(
      toProblem(
        Object.assign(new Error('big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }),
        '/',
      ).code,
    ).toBe('PAYLOAD_TOO_LARGE');
    expect(
      toProblem(
        Object.assign(new Error('json'), {
          code: 'FST_ERR_CTP_INVALID_JSON_BODY',
          statusCode: 400,
        }),
        '/',
      ).code,
    ).toBe('VALIDATION_FAILED');
    const internal = toProblem(new Error('secret stack detail'), '/');
    expect(internal).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(internal)).not.toContain('secret stack detail');
  });

  it('answers 503 with Retry-After when the database is away, and only then', () => {
    const away = [
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
        severity: 'FATAL',
      }),
      Object.assign(new Error('connection failure'), { code: '08006', severity: 'FATAL' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
    ];
    for (const error of away) {
      expect(problemSchema.parse(toProblem(error, '/v1/returns')), error.message).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        retryAfterSeconds: 1,
      });
    }
    for (const error of [
      Object.assign(new Error('duplicate key'), { code: '23505', severity: 'ERROR' }),
      Object.assign(new Error('deadlock'), { code: '40P01', severity: 'ERROR' }),
      new Error('The connection to the webhook target terminated'),
    ]) {
      expect(toProblem(error, '/').code, error.message).toBe('INTERNAL');
    }
  });
});

describe('metrics exposition', () => {
  it('renders counters, a histogram and the backlog gauge', () => {
    const metrics = new Metrics();
    metrics.observeRequest('/v1/returns', 'POST', 201, 0.003);
    metrics.observeRequest('/v1/returns', 'POST', 201, 0.2);
    metrics.countReturn('buyback', 'points');
    const text = metrics.render({ webhookBacklog: 4 });
    expect(text).toContain(
      'shelf_http_requests_total{route="/v1/returns",method="POST",status="201"} 2',
    );
    expect(text).toContain(
      'shelf_http_request_duration_seconds_bucket{route="/v1/returns",method="POST",le="0.005"} 1',
    );
    expect(text).toContain(
      'shelf_http_request_duration_seconds_bucket{route="/v1/returns",method="POST",le="+Inf"} 2',
    );
    expect(text).toContain('shelf_returns_total{kind="buyback",privilege="points"} 1');
    expect(text).toContain('shelf_webhook_backlog 4');
    expect(text.endsWith('\n')).toBe(true);
  });
});
