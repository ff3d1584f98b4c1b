import { sql } from 'kysely';
import type { ServerContext } from '../../context';
import { countBacklog } from '../../db/webhooks';
import { SERVER_VERSION } from '../../version';
import type { Handlers } from '../handler-types';
import { licenseKeySet } from '../../services/published-keys';

export function systemHandlers(
  ctx: ServerContext,
): Pick<Handlers, 'health' | 'metrics' | 'licenseKey' | 'licenseKeys'> {
  return {
    health: async () => {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ok', database: ctx.engine, version: SERVER_VERSION };
    },
    metrics: async ({ reply }) => {
      const webhookBacklog = await countBacklog(ctx.db);
      return reply
        .type('text/plain; version=0.0.4; charset=utf-8')
        .send(ctx.metrics.render({ webhookBacklog }));
    },
    licenseKey: () => Promise.resolve(ctx.signer.publicKey),
    licenseKeys: () => licenseKeySet(ctx),
  };
}
