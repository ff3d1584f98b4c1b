import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronSqliteBinding } from '../../../scripts/lib/electron-native';

// A project folder built by the test: Electron's package.json, the SQLite package, and a
// stand-in `prebuild-install` that records the npm `nodedir` it was given and leaves a binding
// where the real one would, so nothing is downloaded or compiled.

let root: string;
const saved = process.env.npm_config_nodedir;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'electron-native-'));
  const modules = path.join(root, 'node_modules');
  mkdirSync(path.join(modules, 'electron'), { recursive: true });
  writeFileSync(
    path.join(modules, 'electron', 'package.json'),
    JSON.stringify({ version: '45.5.0' }),
  );
  mkdirSync(path.join(modules, 'better-sqlite3-multiple-ciphers'), { recursive: true });
  writeFileSync(path.join(modules, 'better-sqlite3-multiple-ciphers', 'package.json'), '{}');
  mkdirSync(path.join(modules, '.bin'));
  const prebuild = path.join(modules, '.bin', 'prebuild-install');
  writeFileSync(
    prebuild,
    '#!/bin/sh\n' +
      `echo "nodedir=\${npm_config_nodedir:-}" > "${root}/prebuild.log"\n` +
      'mkdir -p build/Release && touch build/Release/better_sqlite3.node\n',
  );
  chmodSync(prebuild, 0o755);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  if (saved === undefined) delete process.env.npm_config_nodedir;
  else process.env.npm_config_nodedir = saved;
});

describe('the SQLite module for Electron', () => {
  it("is built without ./shelf's Node.js nodedir, which would outrank Electron's target", () => {
    // As ./shelf exports it: the headers of the Node.js that runs npm.
    process.env.npm_config_nodedir = '/opt/node-24';
    const binding = electronSqliteBinding(root, path.join(root, 'cache'), () => undefined);
    expect(binding).toBe(
      path.join(
        root,
        'cache',
        'electron-45.5.0',
        'better-sqlite3-multiple-ciphers',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    );
    expect(readFileSync(path.join(root, 'prebuild.log'), 'utf8').trim()).toBe('nodedir=');
    // The caller's own environment keeps it (the Node.js build and its tests need it).
    expect(process.env.npm_config_nodedir).toBe('/opt/node-24');
  });
});
