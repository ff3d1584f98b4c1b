import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

/**
 * Where account mail (confirmation, notice, password reset) goes: an SMTP server, or with none
 * configured (the embedded default, never production) `mail/` in the data folder and the log.
 */
export type MailSetting =
  { kind: 'folder'; from: string } | { kind: 'smtp'; url: string; from: string };

export const DEFAULT_MAIL_FROM = 'Shelfkeeper <no-reply@shelfkeeper.local>';

/** SHELF_SMTP_URL (`smtp://user:password@host:587` or `smtps://…:465`) and SHELF_MAIL_FROM. */
export function readMailSetting(env: Env): MailSetting {
  const from = env.SHELF_MAIL_FROM || DEFAULT_MAIL_FROM;
  const value = env.SHELF_SMTP_URL || undefined;
  if (!value) return { kind: 'folder', from };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      'SHELF_SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587.',
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(
      `SHELF_SMTP_URL must start with smtp:// or smtps://, not "${url.protocol}//".`,
    );
  }
  return { kind: 'smtp', url: value, from };
}
