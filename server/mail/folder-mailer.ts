import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Mailer, MailMessage } from './mail-message';

/**
 * The embedded default's mail: each message as an `.eml` file in `folder` (any mail client
 * opens one), and its link in the log. With no SMTP server configured this is the only way the
 * person running the server can follow a confirmation or reset link. Writing the link to the
 * log is acceptable only here: the embedded default runs on the operator's own machine, where
 * whoever reads the log can read the data folder too. Production refuses to start without SMTP
 * (server/config/server-config.ts), so a production log never carries a link.
 */
export function folderMailer(folder: string, logger: Logger): Mailer {
  // nodemailer's stream transport builds the full RFC 5322 message without sending it.
  const compose = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async deliver(message: MailMessage, from: string) {
      const info = await compose.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      await mkdir(folder, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
      // Written aside and renamed, so a reader of the folder never sees half a message.
      const partial = join(folder, `.${name}.partial`);
      // `buffer: true` makes the message a Buffer (the type also allows a stream).
      if (!Buffer.isBuffer(info.message)) throw new Error('the composed mail is not a buffer');
      await writeFile(partial, info.message);
      await rename(partial, join(folder, name));
      logger.info(
        { to: message.to, subject: message.subject, link: message.link, file: join(folder, name) },
        'mail written to the mail folder (no SMTP server configured)',
      );
    },
    close: () => compose.close(),
  };
}
