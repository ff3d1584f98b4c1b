import type { ServerContext } from '../../context';
import { addWebhookTarget, webhookTargets } from '../../services/webhook-targets';
import type { Handlers } from '../handler-types';

export function webhookTargetHandlers(
  ctx: ServerContext,
): Pick<Handlers, 'adminAddWebhook' | 'adminListWebhooks'> {
  return {
    adminAddWebhook: ({ body }) => addWebhookTarget(ctx, body),
    adminListWebhooks: async () => ({ targets: await webhookTargets(ctx) }),
  };
}
