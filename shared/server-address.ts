import * as z from 'zod';
import { ERROR_SENTENCES } from './error-codes';
import { serverAddressProblem } from './server-address-rule';

export * from './server-address-rule';

export const serverUrlSchema = z.string().superRefine((value, ctx) => {
  const problem = serverAddressProblem(value);
  if (problem)
    ctx.addIssue({ code: 'custom', message: ERROR_SENTENCES[problem], params: { problem } });
});
