import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A registry list and the throw-away name the probe adds to it. */
export interface RegistryProbe {
  /** Repository-relative path of the file that declares the list. */
  file: string;
  /** The list's declaration, exactly as it is written there. */
  declaration: string;
  /** The same declaration with the extra name. */
  withExtraName: string;
}

export const RETURN_KIND_PROBE: RegistryProbe = {
  file: 'shared/returns/return-kind-list.ts',
  declaration: "export const RETURN_KINDS = ['buyback', 'trade_in'] as const;",
  withExtraName: "export const RETURN_KINDS = ['buyback', 'trade_in', 'probe_kind'] as const;",
};

export const PRIVILEGE_TYPE_PROBE: RegistryProbe = {
  file: 'shared/returns/privileges.ts',
  declaration: "export const PRIVILEGE_TYPES = ['points', 'upgrade'] as const;",
  withExtraName:
    "export const PRIVILEGE_TYPES = ['points', 'upgrade', 'probe_privilege'] as const;",
};

/** The projects whose sources a new name must reach: Node side and renderer. */
const PROJECTS = ['tsconfig.node.json', 'tsconfig.web.json'];

/**
 * Type-checks the node and web projects as they would be with the extra name in the list, the
 * file read through an in-memory overlay (the working tree is never written), and answers the
 * distinct source files the compiler reports errors in, each with its first message.
 */
export function probeRegistry(root: string, probe: RegistryProbe): Map<string, string> {
  const target = resolve(root, probe.file);
  const original = readFileSync(target, 'utf8');
  if (!original.includes(probe.declaration)) {
    throw new Error(`${probe.file} no longer declares: ${probe.declaration}`);
  }
  const overlaid = original.replace(probe.declaration, probe.withExtraName);
  const files = new Map<string, string>();
  for (const project of PROJECTS) {
    const configPath = resolve(root, project);
    const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
    const options = { ...parsed.options, noEmit: true, incremental: false, composite: false };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (path) => (resolve(path) === target ? overlaid : readFile(path));
    const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error || !diagnostic.file) continue;
      const file = relative(root, diagnostic.file.fileName);
      if (file.startsWith('node_modules') || files.has(file)) continue;
      files.set(file, ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').slice(0, 160));
    }
  }
  return files;
}
