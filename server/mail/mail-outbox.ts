import type { Logger } from 'pino';
import type { Mailer, MailMessage } from './mail-message';

/**
 * Sends account mail without making the request wait for it: a registration answers in the
 * same time whether its mail is a confirmation or a notice, and a slow SMTP server never holds
 * a request. A mail that fails is logged (never its link or text) and can be asked for again
 * (resend confirmation, request another reset). `drain` lets a closing server finish them.
 */
export class MailOutbox {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly mailer: Mailer,
    private readonly from: string,
    private readonly logger: Logger,
    private readonly count: (result: 'sent' | 'failed') => void,
  ) {}

  send(message: MailMessage): void {
    const sending = this.mailer.deliver(message, this.from).then(
      () => this.count('sent'),
      (error: unknown) => {
        this.count('failed');
        this.logger.error({ err: error, subject: message.subject }, 'account mail not sent');
      },
    );
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  close(): void {
    this.mailer.close();
  }
}
