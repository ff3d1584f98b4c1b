/**
 * The license server's address: `https://`, except for a server on this computer. The password
 * and the session token travel with every request, so plain `http://` is allowed only where
 * nothing leaves the machine: `localhost`, `127.0.0.0/8` and `::1` (the embedded server of
 * `npm start`, the browser host, the tests). One rule, used by the IPC contract, the settings
 * form and the core's API client. Without zod, so the settings form's chunk can check it without
 * evaluating zod (bench/findings.md, first paint); server-address.ts builds the schema on it.
 */
export type ServerAddressProblem = 'SERVER_ADDRESS_INVALID' | 'SERVER_ADDRESS_INSECURE';

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** `hostname` as `URL` gives it (IPv6 in brackets, IPv4 normalised to dotted quads). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || IPV4_LOOPBACK.test(host);
}

/** null when `value` is an address the app may talk to, else what is wrong with it. */
export function serverAddressProblem(value: string): ServerAddressProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'SERVER_ADDRESS_INVALID';
  }
  if (url.username || url.password || url.hostname === '') return 'SERVER_ADDRESS_INVALID';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'SERVER_ADDRESS_INVALID';
  return isLoopbackHost(url.hostname) ? null : 'SERVER_ADDRESS_INSECURE';
}
