import type { Account } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../shared/ipc/bridge';
import type { CoreContext } from '../core-context';
import { sameSessionScope, sessionToken } from '../session';
import type { SyncEngine } from '../sync/sync-engine';

type AccountHandlers = Pick<
  Handlers,
  | 'account.get'
  | 'account.signIn'
  | 'account.signOut'
  | 'account.register'
  | 'account.resendConfirmation'
  | 'account.requestPasswordReset'
  | 'account.changePassword'
  | 'settings.get'
  | 'settings.set'
>;

export function accountView(ctx: CoreContext): Account {
  const row = ctx.store.account.get();
  const signedIn = sessionToken(row, ctx.settings.get().serverUrl) !== null && row.userId !== null;
  return {
    signedIn,
    user:
      signedIn && row.userId && row.email
        ? { id: row.userId, email: row.email, name: row.name ?? '' }
        : null,
    deviceId: row.deviceId,
    serverUrl: ctx.settings.get().serverUrl,
  };
}

export function accountHandlers(ctx: CoreContext, sync: SyncEngine): AccountHandlers {
  return {
    'account.get': () => accountView(ctx),

    /** Signs in and registers this device (its id was chosen once, at the store's creation). */
    'account.signIn': async ({ email, password }) => {
      const before = ctx.store.account.get();
      // The device secret proves a known device (its sign-ins are not counted with an attacker's
      // guesses); it was issued by one server, so it goes only back to that server.
      const serverUrl = ctx.settings.get().serverUrl;
      const knownHere =
        before.deviceSecret !== null &&
        before.serverUrl !== null &&
        sameSessionScope(before.serverUrl, serverUrl);
      const session = await ctx.api.call('login', {
        body: {
          email,
          password,
          deviceId: before.deviceId,
          deviceName: ctx.deviceName,
          ...(knownHere ? { deviceSecret: before.deviceSecret ?? undefined } : {}),
        },
      });
      if (before.userId && before.userId !== session.user.id) {
        // Another user on this device: the previous user's library must not show or sync.
        ctx.store.clearUserData();
        await ctx.vault.removeOrphans(new Set());
      }
      ctx.store.account.setSession({
        serverUrl: ctx.settings.get().serverUrl,
        userId: session.user.id,
        email: session.user.email,
        name: session.user.name,
        token: session.token,
        tokenExpiresAt: session.expiresAt,
        deviceSecret: session.deviceSecret ?? null,
      });
      ctx.logger.info('signed in', { userId: session.user.id });
      await sync.runNow();
      ctx.events.emit('library.changed', { reason: 'signIn' });
      return accountView(ctx);
    },

    /** Ends the session; the library stays in the encrypted store for the next sign-in. */
    'account.signOut': async () => {
      if (sessionToken(ctx.store.account.get(), ctx.settings.get().serverUrl)) {
        await ctx.api.call('logout').catch(() => undefined);
      }
      ctx.store.account.clearToken();
      ctx.events.emit('library.changed', { reason: 'signOut' });
      return accountView(ctx);
    },

    /** Nothing is stored here: the account exists once its address is confirmed by mail. */
    'account.register': async (input) => {
      const accepted = await ctx.api.call('register', { body: input });
      return { email: accepted.email };
    },
    'account.resendConfirmation': async ({ email }) => {
      await ctx.api.call('resendConfirmation', { body: { email } });
      return { email: email.toLowerCase() };
    },
    'account.requestPasswordReset': async ({ email }) => {
      await ctx.api.call('requestPasswordReset', { body: { email } });
      return { email: email.toLowerCase() };
    },

    'account.changePassword': async (input) => {
      const changed = await ctx.api.call('changePassword', { body: input });
      return { otherSessionsEnded: changed.sessionsEnded };
    },

    'settings.get': () => ctx.settings.get(),
    'settings.set': (patch) => {
      const before = ctx.settings.get().serverUrl;
      const next = ctx.settings.set(patch);
      // Another host: the session is withheld from it (see session.ts); the UI re-reads it.
      if (!sameSessionScope(before, next.serverUrl) && ctx.store.account.get().token)
        ctx.events.emit('library.changed', { reason: 'signOut' });
      return next;
    },
  };
}
