import type { MailMessage } from './mail-message';

/*
 * The words of each account mail. Plain text only: no tracking, no remote images, and the link
 * alone on its line.
 */

export function confirmationMail(
  to: string,
  name: string,
  link: string,
  hours: number,
): MailMessage {
  return {
    to,
    subject: 'Confirm your email address for Shelfkeeper',
    link,
    text: [
      `Hello ${name},`,
      '',
      'Please confirm that this is your email address by opening this link:',
      '',
      link,
      '',
      `The link works once, for ${hours} hours. Then sign in to Shelfkeeper with your email address and password.`,
      '',
      'If you did not create a Shelfkeeper account, ignore this mail: without the confirmation the account cannot be used.',
    ].join('\n'),
  };
}

/** To the owner of an address someone tried to register again. */
export function addressTakenMail(
  to: string,
  name: string,
  link: string,
  hours: number,
): MailMessage {
  return {
    to,
    subject: 'Someone tried to create a Shelfkeeper account with your address',
    link,
    text: [
      `Hello ${name},`,
      '',
      'Someone, maybe you, tried to create a Shelfkeeper account with this email address. It already has an account, so no new one was made.',
      '',
      `If it was you, sign in with your password. If you have forgotten it, set a new one with this link (it works once, for ${hours} hours):`,
      '',
      link,
      '',
      'If it was not you, ignore this mail: nothing about your account has changed.',
    ].join('\n'),
  };
}

export function passwordResetMail(
  to: string,
  name: string,
  link: string,
  hours: number,
): MailMessage {
  return {
    to,
    subject: 'Set a new Shelfkeeper password',
    link,
    text: [
      `Hello ${name},`,
      '',
      'To set a new password for your Shelfkeeper account, open this link:',
      '',
      link,
      '',
      `The link works once, for ${hours} hours. Setting a new password signs your account out on every device.`,
      '',
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}
