/**
 * The unix modes a zip's central directory records for its entries (docs/design.md §11.6): fflate
 * unpacks the bytes but not the external attributes, which is where `zip` on Linux and macOS
 * keeps a file's permission bits (the high 16 bits, when the entry was made on unix). Read from
 * the directory as written, without inflating anything; a directory that cannot be read gives no
 * modes, and every file is then saved without its executable bit.
 */

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** "Version made by" host 3 is unix; 19 is macOS's own (OS X), which keeps the same bits. */
const UNIX_HOSTS = new Set([3, 19]);

/** Entry name → unix mode, for entries made on unix that record one. */
export function zipUnixModes(bytes: Uint8Array): Map<string, number> {
  const modes = new Map<string, number>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return modes;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  // A zip64 directory (count or offset at their maximum) is left to the default modes.
  if (count === 0xffff || at === 0xffffffff) return modes;
  for (let i = 0; i < count && at + 46 <= bytes.length; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) break;
    const host = bytes[at + 5]!;
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const external = view.getUint32(at + 38, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    // Named as fflate names it: UTF-8 when the entry says so (bit 11), else byte for byte.
    const name = (flags & 0x800 ? utf8 : latin1).decode(nameBytes);
    const mode = external >>> 16;
    if (UNIX_HOSTS.has(host) && mode !== 0) modes.set(name, mode);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return modes;
}

/**
 * The mode a saved file gets: executable (0o755) when its entry says any of owner, group or
 * others may run it, else 0o644. Never more: no set-user-ID, set-group-ID or sticky bit, and
 * nothing writable by others, whatever the zip says. The process's umask still applies.
 */
export const savedFileMode = (mode: number | undefined): number =>
  mode !== undefined && (mode & 0o111) !== 0 ? 0o755 : 0o644;
