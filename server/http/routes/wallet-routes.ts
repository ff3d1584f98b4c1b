import type { ServerContext } from '../../context';
import { walletOf } from '../../services/wallet';
import type { Handlers } from '../handler-types';

export function walletHandlers(ctx: ServerContext): Pick<Handlers, 'wallet'> {
  return {
    wallet: ({ caller, query }) => walletOf(ctx, caller, query),
  };
}
