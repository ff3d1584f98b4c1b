import type { AxiosResponse } from 'axios';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { apiErrorData, errorFromResponse, isTransient } from '../../../main/core/api/api-error';
import { sampleReceipt } from '../../fixtures/contract-samples';

function response(
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): AxiosResponse<unknown> {
  return { status, data, headers, statusText: '', config: {} as AxiosResponse['config'] };
}

const problem = (status: number, code: string, extra: object = {}) => ({
  type: `https://shelfkeeper.dev/problems/${code.toLowerCase()}`,
  title: code,
  status,
  code,
  detail: `detail of ${code}`,
  ...extra,
});

describe('server errors', () => {
  it('keeps the problem code, detail and the 409 receipt', () => {
    const receipt = sampleReceipt();
    const error = errorFromResponse(
      response(409, problem(409, 'LICENSE_ALREADY_RETURNED', { receipt })),
    );
    expect(error).toMatchObject({
      code: 'LICENSE_ALREADY_RETURNED',
      message: 'detail of LICENSE_ALREADY_RETURNED',
    });
    expect(apiErrorData(error)).toMatchObject({ status: 409, receipt });
    expect(isTransient(error)).toBe(false);
  });

  it('classifies 429 (with Retry-After), 5xx and 401 as transient; other 4xx as final', () => {
    const limited = errorFromResponse(
      response(429, problem(429, 'RATE_LIMITED'), { 'retry-after': '7' }),
    );
    expect(apiErrorData(limited)?.retryAfterMs).toBe(7_000);
    expect(isTransient(limited)).toBe(true);
    const fromBody = errorFromResponse(
      response(429, problem(429, 'RATE_LIMITED', { retryAfterSeconds: 3 })),
    );
    expect(apiErrorData(fromBody)?.retryAfterMs).toBe(3_000);
    expect(isTransient(errorFromResponse(response(502, '<html>bad gateway</html>')))).toBe(true);
    expect(errorFromResponse(response(502, 'x')).code).toBe('INTERNAL');
    expect(isTransient(errorFromResponse(response(401, problem(401, 'UNAUTHENTICATED'))))).toBe(
      true,
    );
    expect(isTransient(errorFromResponse(response(422, problem(422, 'QUOTE_EXPIRED'))))).toBe(
      false,
    );
    expect(isTransient(new AppError('SERVER_UNREACHABLE'))).toBe(true);
    expect(isTransient(new AppError('NOT_SIGNED_IN'))).toBe(true);
    expect(isTransient(new Error('plain'))).toBe(false);
  });
});
