import type { ServerContext } from '../../context';
import { licensesOf } from '../../services/licenses';
import { issueLease } from '../../services/offline-lease';
import { sendContentFile } from '../content-download';
import type { Handlers } from '../handler-types';

export function licenseHandlers(
  ctx: ServerContext,
): Pick<Handlers, 'listLicenses' | 'downloadContent' | 'offlineLease'> {
  return {
    offlineLease: ({ caller, query }) => issueLease(ctx, caller, query),
    listLicenses: async ({ caller }) => ({ licenses: await licensesOf(ctx, caller) }),
    downloadContent: ({ caller, params, request, reply }) =>
      sendContentFile(ctx, caller, params.contentId, request, reply),
  };
}
