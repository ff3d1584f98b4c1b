import type { LicenseView } from '../../shared/api/licenses';
import type { ServerContext } from '../context';
import { listLicenses } from '../db/licenses';
import type { Caller } from './auth';
import { toLicenseView } from './views';

export async function licensesOf(ctx: ServerContext, caller: Caller): Promise<LicenseView[]> {
  return (await listLicenses(ctx.db, caller.userId)).map(toLicenseView);
}
