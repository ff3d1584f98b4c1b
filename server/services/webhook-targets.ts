import { randomUUID } from 'node:crypto';
import type { WebhookTarget, WebhookTargetRequest } from '../../shared/api/admin';
import type { ServerContext } from '../context';
import { insertTarget, listTargets } from '../db/webhooks';
import { iso } from '../util/clock';

export async function addWebhookTarget(
  ctx: ServerContext,
  input: WebhookTargetRequest,
): Promise<WebhookTarget> {
  const target = { id: randomUUID(), url: input.url, createdAt: iso(ctx.clock()) };
  await insertTarget(ctx.db, {
    id: target.id,
    url: target.url,
    secret: input.secret,
    created_at: target.createdAt,
  });
  return target;
}

export async function webhookTargets(ctx: ServerContext): Promise<WebhookTarget[]> {
  return (await listTargets(ctx.db)).map((t) => ({
    id: t.id,
    url: t.url,
    createdAt: t.created_at,
  }));
}
