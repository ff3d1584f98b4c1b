import type { ServerContext } from '../../context';
import { confirmEmail, register, resendConfirmation } from '../../services/accounts';
import { devicesOf, login, logout, removeDevice, renameDevice } from '../../services/auth';
import { changePassword, requestPasswordReset, resetPassword } from '../../services/passwords';
import type { Handlers } from '../handler-types';

export function accountHandlers(
  ctx: ServerContext,
): Pick<
  Handlers,
  | 'register'
  | 'confirmEmail'
  | 'resendConfirmation'
  | 'requestPasswordReset'
  | 'resetPassword'
  | 'changePassword'
  | 'login'
  | 'logout'
  | 'listDevices'
  | 'renameDevice'
  | 'removeDevice'
> {
  return {
    register: ({ body, request }) => register(ctx, body, request.ip),
    confirmEmail: ({ body, request }) => confirmEmail(ctx, body.token, request.ip),
    resendConfirmation: async ({ body, request }) => {
      await resendConfirmation(ctx, body.email, request.ip);
      return { ok: true };
    },
    requestPasswordReset: async ({ body, request }) => {
      await requestPasswordReset(ctx, body.email, request.ip);
      return { ok: true };
    },
    resetPassword: ({ body, request }) => resetPassword(ctx, body.token, body.password, request.ip),
    changePassword: ({ body, caller }) => changePassword(ctx, caller, body),
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
