import type { ServerContext } from '../../context';
import { syncFeed } from '../../services/wallet';
import type { Handlers } from '../handler-types';

export function syncHandlers(ctx: ServerContext): Pick<Handlers, 'sync'> {
  return {
    sync: ({ caller, query }) => syncFeed(ctx, caller, query),
  };
}
