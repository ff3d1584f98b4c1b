import type { Handlers } from '../../../shared/ipc/bridge';
import type { CoreContext } from '../core-context';

type DeviceHandlers = Pick<Handlers, 'devices.list' | 'devices.rename' | 'devices.remove'>;

/**
 * The user's devices, as the license server knows them (docs/design.md §12.5). The server holds
 * them, so offline these fail with OFFLINE / SERVER_UNREACHABLE instead of showing a stale list.
 */
export function deviceHandlers(ctx: CoreContext): DeviceHandlers {
  const current = () => ctx.store.account.get()?.deviceId ?? null;
  return {
    'devices.list': async () => {
      const { devices } = await ctx.api.call('listDevices', {});
      const here = current();
      return { devices: devices.map((device) => ({ ...device, current: device.id === here })) };
    },
    'devices.rename': async ({ deviceId, name }) => {
      const device = await ctx.api.call('renameDevice', { params: { deviceId }, body: { name } });
      return { ...device, current: device.id === current() };
    },
    /** The server ends the device's sessions; removing this one signs this app out. */
    'devices.remove': async ({ deviceId }) => {
      await ctx.api.call('removeDevice', { params: { deviceId } });
      if (deviceId === current()) {
        ctx.store.account.clearToken();
        ctx.events.emit('library.changed', { reason: 'signOut' });
      }
      return { removed: true as const };
    },
  };
}
