/**
 * The formatters are made on first use, not when the module loads: the first Intl formatter of
 * a page costs ~20 ms of ICU set-up and each DateTimeFormat a few more, and the library's first
 * paint needs none of them (bench/findings.md, first paint, 2026-11-30).
 */
const lazy = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};
const money = lazy(() => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }));
const count = lazy(() => new Intl.NumberFormat('en-US'));
const dateTime = lazy(
  () => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
);
const date = lazy(() => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }));

/**
 * en-US digit grouping of a whole number, as Intl.NumberFormat('en-US') writes it ("100,000",
 * "-1,234"), without Intl: the library's item count is on its first paint. Anything else
 * (fractions, -0, beyond 2^53) goes to Intl.
 */
function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return count().format(n);
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

export const formatMoney = (cents: number): string => money().format(cents / 100);
/**
 * An amount in minor units of `currency` (ISO 4217, any case), as the server records orders:
 * the currency's own digits say what a minor unit is (cents, or none for JPY).
 */
export function formatMoneyIn(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
  });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
export const formatCount = (n: number): string => groupDigits(n);
export const formatPoints = (n: number): string =>
  `${groupDigits(n)} ${n === 1 ? 'point' : 'points'}`;
export const formatDateTime = (iso: string): string => dateTime().format(new Date(iso));
export const formatDate = (iso: string): string => date().format(new Date(iso));

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "3 minutes ago"-style wording for the last sync. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return formatDateTime(iso);
}

const KIND_LABELS: Record<string, string> = {
  ebook: 'E-book',
  audio: 'Audio',
  software: 'Software',
  image: 'Image',
  video: 'Video',
};
export const kindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;

/** A return window's end, in words: open, ended, or none. */
export function deadlineText(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'No deadline';
  return new Date(iso).getTime() < now ? `Ended ${formatDate(iso)}` : `Ends ${formatDate(iso)}`;
}

/**
 * The offline lease (docs/design.md §7.4): until when a content opens without the server, or
 * that the computer's clock is behind the time the core last confirmed.
 */
export function offlineText(
  offlineUntil: string | null,
  clockBehind = false,
  now: number = Date.now(),
): string {
  if (offlineUntil !== null && clockBehind) {
    return "Your computer's clock is behind; sync to open offline";
  }
  if (offlineUntil === null || Date.parse(offlineUntil) <= now) return 'Sync to open again';
  return `Usable offline until ${formatDateTime(offlineUntil)}`;
}

/** OFFLINE_LEASE_EXPIRED with the date the lease ended, when the detail knows it. */
export function leaseEndedSentence(offlineUntil: string | null): string | undefined {
  if (offlineUntil === null) return undefined;
  return `This content could be used offline until ${formatDateTime(offlineUntil)}, and that time has passed. Connect to the internet and sync to open it again.`;
}
