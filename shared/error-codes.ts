import { MAX_BALANCE } from './api/balance-cap';
import { MAX_COVER_SIDE } from './images/image-size';

/** 1000000 → "1,000,000", without Intl (this module is in the renderer's first chunk). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * The error codes and their sentences without zod, so the renderer's first chunk can word an
 * error without evaluating zod (bench/findings.md, first paint). errors.ts builds the codes'
 * schemas from these lists and re-exports all of this.
 */

/**
 * Stable error codes. The server serves them in problem+json, the app core raises them as
 * AppError, and the UI maps each to a sentence. Codes are part of the public contract: never
 * rename one, only add.
 */
export const SERVER_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LICENSE_ALREADY_OWNED',
  'LICENSE_ALREADY_RETURNED',
  'RETURN_WINDOW_CLOSED',
  'OPTION_NOT_OFFERED',
  'QUOTE_EXPIRED',
  'RETURN_LIMIT_REACHED',
  'INSUFFICIENT_POINTS',
  'DEVICE_LIMIT_REACHED',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RANGE_NOT_SATISFIABLE',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
  'BALANCE_LIMIT_REACHED',
  'ORDER_PENDING',
  'PAYMENT_PROVIDER_FAILED',
  'EMAIL_NOT_CONFIRMED',
  'LINK_INVALID',
  'NOT_RETURNABLE',
  'IMAGE_TOO_LARGE',
] as const;

/** Codes only the desktop app raises (never sent by the server). */
export const APP_ERROR_CODES = [
  'STORE_KEY_INVALID',
  'NOT_SIGNED_IN',
  'OFFLINE',
  'SERVER_UNREACHABLE',
  'LICENSE_INVALID',
  'LICENSE_LOCKED',
  'CONTENT_NOT_DOWNLOADED',
  'CONTENT_CORRUPT',
  'DOWNLOAD_FAILED',
  'RETURN_NOT_CANCELLABLE',
  'UNKNOWN_CHANNEL',
  'SERVER_ADDRESS_INVALID',
  'SERVER_ADDRESS_INSECURE',
  'UPDATE_NOT_READY',
  'OFFLINE_LEASE_EXPIRED',
  'FOLDER_INVALID',
  'FILE_EXISTS',
  'PACKAGE_UNSAFE',
  'DEVICE_CLOCK_BEHIND',
] as const;

export const ERROR_CODES = [...SERVER_ERROR_CODES, ...APP_ERROR_CODES] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status of each server code. */
export const ERROR_STATUS: Record<ServerErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LICENSE_ALREADY_OWNED: 409,
  LICENSE_ALREADY_RETURNED: 409,
  RETURN_WINDOW_CLOSED: 422,
  OPTION_NOT_OFFERED: 422,
  QUOTE_EXPIRED: 422,
  RETURN_LIMIT_REACHED: 422,
  INSUFFICIENT_POINTS: 422,
  DEVICE_LIMIT_REACHED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  BALANCE_LIMIT_REACHED: 422,
  ORDER_PENDING: 409,
  PAYMENT_PROVIDER_FAILED: 502,
  EMAIL_NOT_CONFIRMED: 403,
  LINK_INVALID: 410,
  NOT_RETURNABLE: 422,
  IMAGE_TOO_LARGE: 422,
};

/** What the user reads. Plain sentences, no codes, no stack. */
export const ERROR_SENTENCES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some of the information given is not valid.',
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'That item could not be found.',
  CONFLICT: 'That conflicts with something that already exists.',
  LICENSE_ALREADY_OWNED: 'You already own this content.',
  LICENSE_ALREADY_RETURNED: 'This content has already been returned.',
  RETURN_WINDOW_CLOSED: 'The return period for this content has ended.',
  OPTION_NOT_OFFERED: 'That return option is not offered for this content.',
  QUOTE_EXPIRED: 'The offer expired before it was used. Ask for a new offer.',
  RETURN_LIMIT_REACHED:
    'You have used every return your returns limit allows for now (all your returns count).',
  INSUFFICIENT_POINTS: 'You do not have enough points for that.',
  DEVICE_LIMIT_REACHED:
    'Your account is already used on the maximum number of devices. Remove one to sign in here.',
  IDEMPOTENCY_KEY_REUSED: 'That request was already used for something else.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  PAYLOAD_TOO_LARGE: 'That is too large to send.',
  UNSUPPORTED_MEDIA_TYPE: 'That kind of data is not accepted.',
  RANGE_NOT_SATISFIABLE: 'The download could not be resumed. Please download it again.',
  INTERNAL: 'Something went wrong on the server. Please try again later.',
  SERVICE_UNAVAILABLE:
    'The license server is not available right now. Please try again in a moment.',
  BALANCE_LIMIT_REACHED: `That would take your points balance past its maximum of ${grouped(MAX_BALANCE)} points, so nothing was changed.`,
  ORDER_PENDING:
    'An order for this content is already waiting for payment. Finish or cancel it first.',
  PAYMENT_PROVIDER_FAILED:
    'The payment service could not be reached, so nothing was charged. Please try again.',
  EMAIL_NOT_CONFIRMED:
    'Your email address is not confirmed yet. Open the link in the mail we sent you, or ask for a new one.',
  LINK_INVALID:
    'This link has expired or has already been used. Ask for a new one and use the newest mail.',
  NOT_RETURNABLE: 'This item can’t be returned: its terms allow no returns.',
  IMAGE_TOO_LARGE: `This image is too large in pixels to be used as a cover: it may be at most ${MAX_COVER_SIDE} pixels wide and ${MAX_COVER_SIDE} pixels high.`,
  STORE_KEY_INVALID:
    'Your library could not be unlocked with this key. Nothing was changed or deleted.',
  NOT_SIGNED_IN: 'Please sign in first.',
  OFFLINE: 'You are offline. This will happen when the connection is back.',
  SERVER_UNREACHABLE: 'The license server cannot be reached right now.',
  LICENSE_INVALID: 'The license for this content could not be verified, so it cannot be opened.',
  LICENSE_LOCKED: 'This content is being returned and can no longer be opened.',
  CONTENT_NOT_DOWNLOADED: 'This content is not on this device yet. Download it first.',
  CONTENT_CORRUPT: 'The downloaded file is damaged. Please download it again.',
  DOWNLOAD_FAILED: 'The download did not finish. Please try again.',
  RETURN_NOT_CANCELLABLE: 'This return has already been sent and can no longer be cancelled.',
  UNKNOWN_CHANNEL: 'The app asked for something it does not know.',
  SERVER_ADDRESS_INVALID:
    'Enter a full address starting with https://, for example https://shelf.example.com.',
  SERVER_ADDRESS_INSECURE:
    'The server address must start with https:// so your password and session are encrypted on the way; http:// is allowed only for a server on this computer (localhost, 127.0.0.1 or ::1).',
  UPDATE_NOT_READY: 'No update has been downloaded yet, so there is nothing to install.',
  OFFLINE_LEASE_EXPIRED:
    'This content cannot be opened offline right now: the license server has not confirmed it recently enough. Connect to the internet and sync to open it again.',
  FOLDER_INVALID:
    'That folder cannot be used. Choose a folder that exists and that you can write to.',
  FILE_EXISTS:
    'That folder already holds a file of this name. Choose another folder; nothing was overwritten.',
  PACKAGE_UNSAFE:
    'This package names files outside the folder it is saved to, so nothing was saved.',
  DEVICE_CLOCK_BEHIND:
    "Your computer's clock is behind, so this content cannot open offline. Set the clock right, or connect to the internet and sync to open it.",
};
