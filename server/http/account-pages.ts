import type { FastifyInstance, FastifyReply } from 'fastify';
import { passwordSchema } from '../../shared/api/auth';
import { ERROR_SENTENCES, isAppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { ACCOUNT_PAGE_PATHS } from '../services/account-links';
import { confirmEmail } from '../services/accounts';
import { isResetLinkUsable, resetPassword } from '../services/passwords';

/*
 * The pages a mailed link opens (docs/design.md §7.11). Plain HTML forms, no script: they work
 * in any browser the mail is read in, with or without the app on that machine. Opening a link
 * (GET) changes nothing, because mail scanners fetch links before the reader does; the button
 * (POST) does the work, once.
 */

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  // The token is in the address: it must not travel in a Referer or stay in a cache.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

const STYLE =
  ':root{color-scheme:light dark;font-family:system-ui,sans-serif}' +
  'body{max-width:30rem;margin:4rem auto;padding:0 1rem;line-height:1.5}' +
  'label{display:block;margin-top:1rem;font-weight:600}' +
  'input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font:inherit;margin-top:.25rem}' +
  'button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;cursor:pointer}' +
  '[role=alert]{border-left:4px solid #c62828;padding:.5rem 1rem;margin-top:1rem}' +
  ':focus-visible{outline:3px solid #1565c0;outline-offset:2px}';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .status(status)
    .headers(HEADERS)
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${escapeHtml(title)} · Shelfkeeper</title><style>${STYLE}</style></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    );
}

const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
const alert = (text: string) => `<p role="alert">${escapeHtml(text)}</p>`;
const hiddenToken = (token: string) =>
  `<input type="hidden" name="token" value="${escapeHtml(token)}">`;

function tokenOf(source: unknown): string {
  const token = (source as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : '';
}

const LINK_DEAD =
  'In Shelfkeeper, ask for a new link: “Send the link again” on the sign-in screen, or “Forgot your password?”.';

function confirmForm(token: string): string {
  return (
    p('Confirm that this email address is yours to start using your Shelfkeeper account.') +
    `<form method="post" action="${ACCOUNT_PAGE_PATHS.confirm}">${hiddenToken(token)}` +
    `<button type="submit">Confirm my email address</button></form>`
  );
}

function resetForm(token: string, error?: string): string {
  return (
    p(
      'Choose a new password of at least 8 characters. Every device signed in to your account will be signed out.',
    ) +
    (error ? alert(error) : '') +
    `<form method="post" action="${ACCOUNT_PAGE_PATHS.reset}">${hiddenToken(token)}` +
    `<label for="password">New password</label>` +
    `<input id="password" name="password" type="password" autocomplete="new-password" minlength="8" maxlength="200" required>` +
    `<label for="repeat">New password again</label>` +
    `<input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="8" maxlength="200" required>` +
    `<button type="submit">Set the new password</button></form>`
  );
}

export function registerAccountPages(app: FastifyInstance, ctx: ServerContext): void {
  // Its own scope: form bodies are parsed for these two pages only, never for the JSON API.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, parsed) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        parsed(null, Object.fromEntries(new URLSearchParams(text)));
      },
    );

    scope.get(ACCOUNT_PAGE_PATHS.confirm, (request, reply) => {
      const token = tokenOf(request.query);
      if (!token) return page(reply, 400, 'This link is incomplete', p(LINK_DEAD));
      return page(reply, 200, 'Confirm your email address', confirmForm(token));
    });

    scope.post(ACCOUNT_PAGE_PATHS.confirm, async (request, reply) => {
      try {
        const user = await confirmEmail(ctx, tokenOf(request.body), request.ip);
        return page(
          reply,
          200,
          'Your email address is confirmed',
          p(`Thank you. You can now sign in to Shelfkeeper as ${user.email}.`),
        );
      } catch (error) {
        if (!isAppError(error)) throw error;
        const dead = error.code === 'LINK_INVALID';
        return page(
          reply,
          dead ? 410 : 429,
          dead ? 'This link no longer works' : 'Please wait a moment',
          alert(ERROR_SENTENCES[error.code]) + (dead ? p(LINK_DEAD) : ''),
        );
      }
    });

    scope.get(ACCOUNT_PAGE_PATHS.reset, async (request, reply) => {
      const token = tokenOf(request.query);
      if (!token || !(await isResetLinkUsable(ctx, token))) {
        return page(
          reply,
          410,
          'This link no longer works',
          alert(ERROR_SENTENCES.LINK_INVALID) + p(LINK_DEAD),
        );
      }
      return page(reply, 200, 'Set a new password', resetForm(token));
    });

    scope.post(ACCOUNT_PAGE_PATHS.reset, async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, unknown>;
      const token = tokenOf(form);
      const password = typeof form.password === 'string' ? form.password : '';
      if (password !== form.repeat) {
        return page(
          reply,
          400,
          'Set a new password',
          resetForm(token, 'The two passwords are not the same. Type the new password twice.'),
        );
      }
      if (!passwordSchema.safeParse(password).success) {
        return page(
          reply,
          400,
          'Set a new password',
          resetForm(token, 'The new password must have 8 to 200 characters.'),
        );
      }
      try {
        await resetPassword(ctx, token, password, request.ip);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const dead = error.code === 'LINK_INVALID';
        return page(
          reply,
          dead ? 410 : 429,
          dead ? 'This link no longer works' : 'Please wait a moment',
          alert(ERROR_SENTENCES[error.code]) + (dead ? p(LINK_DEAD) : ''),
        );
      }
      return page(
        reply,
        200,
        'Your password is changed',
        p(
          'Sign in to Shelfkeeper with your new password. Every device that was signed in has been signed out.',
        ),
      );
    });
    done();
  });
}
