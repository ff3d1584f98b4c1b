import type { ServerContext } from '../../context';
import {
  devicesOf,
  login,
  logout,
  register,
  removeDevice,
  renameDevice,
} from '../../services/auth';
import type { Handlers } from '../handler-types';

export function accountHandlers(
  ctx: ServerContext,
): Pick<
  Handlers,
  'register' | 'login' | 'logout' | 'listDevices' | 'renameDevice' | 'removeDevice'
> {
  return {
    register: ({ body, request }) => register(ctx, body, request.ip),
    login: ({ body, request }) => login(ctx, body, request.ip),
    logout: async ({ caller }) => {
      await logout(ctx, caller);
      return { ok: true };
    },
    listDevices: async ({ caller }) => ({ devices: await devicesOf(ctx, caller) }),
    renameDevice: ({ caller, params, body }) =>
      renameDevice(ctx, caller, params.deviceId, body.name),
    removeDevice: async ({ caller, params }) => {
      await removeDevice(ctx, caller, params.deviceId);
      return { ok: true };
    },
  };
}
