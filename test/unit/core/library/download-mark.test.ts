import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  downloadMarker,
  quarantineValue,
  zoneIdentifier,
} from '../../../../main/core/library/download-mark';
import { writtenFolders } from '../../../../main/core/library/save-package';

describe('marks of a download', () => {
  it('Windows: the Internet zone and the server it came from', () => {
    expect(zoneIdentifier({ origin: 'https://licenses.example' })).toBe(
      '[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=https://licenses.example/\r\n',
    );
  });

  it('macOS: a browser download’s flags, the time in hex seconds, the agent and an event id', () => {
    const at = new Date('2026-11-30T06:00:00.900Z');
    expect(quarantineValue(at, '3b9296c0-c6f4-49b3-bac1-bcb229ffe7d6')).toBe(
      `0083;${Math.floor(at.getTime() / 1000).toString(16)};Shelfkeeper;3B9296C0-C6F4-49B3-BAC1-BCB229FFE7D6`,
    );
    const [, , , first] = quarantineValue(at).split(';');
    const [, , , second] = quarantineValue(at).split(';');
    expect(first).not.toBe(second);
  });

  it('Linux has no such mark: nothing is written', async () => {
    const mark = downloadMarker({
      platform: 'linux',
      source: () => ({ origin: 'https://licenses.example' }),
      now: () => new Date(),
    });
    expect(await mark({ files: ['/nowhere/a'], folders: ['/nowhere'] })).toBe(0);
  });

  it('the folders a save made, outermost first, each once', () => {
    const root = '/saves';
    expect(writtenFolders(root, ['Tool/bin/run', 'Tool/README.md', 'Tool/lib/x/y.js'])).toEqual([
      join(root, 'Tool'),
      join(root, 'Tool', 'bin'),
      join(root, 'Tool', 'lib'),
      join(root, 'Tool', 'lib', 'x'),
    ]);
    expect(writtenFolders(root, ['Tool.json'])).toEqual([]);
  });
});
