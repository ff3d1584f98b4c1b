/** One mail the server sends about an account. */
export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text: the link on a line of its own, so any mail client shows it whole. */
  text: string;
  /** The link in the text (the embedded default's log shows it; see folder-mailer.ts). */
  link: string;
}

/** Where mail goes: an SMTP server, or (the embedded default) a folder and the log. */
export interface Mailer {
  /** Resolves once the mail is handed over (accepted by SMTP, or written to the folder). */
  deliver(message: MailMessage, from: string): Promise<void>;
  close(): void;
}
