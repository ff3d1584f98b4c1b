import { createTransport } from 'nodemailer';
import type { Mailer, MailMessage } from './mail-message';

/** Mail through an SMTP server (SHELF_SMTP_URL): what production uses. */
export function smtpMailer(url: string): Mailer {
  const transport = createTransport(url);
  return {
    async deliver(message: MailMessage, from: string) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
    close: () => transport.close(),
  };
}
