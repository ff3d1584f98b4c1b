import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * What adding a library column costs, measured on an overlay: the sources are read from the
 * working tree, the files named in `overlay` are replaced in memory (never written), and the
 * TypeScript compiler checks the projects. The answer is the files the compiler points to.
 */

export const PROJECTS = ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.test.json'] as const;

export interface ProbeResult {
  /** Files with errors, relative to the root, per project. */
  errors: Record<string, string[]>;
  /** The union over the projects, sorted. */
  files: string[];
  ms: number;
}

/** Replaces `anchor` (which must occur exactly once) in `text` by `replacement`. */
export function edit(text: string, anchor: string, replacement: string): string {
  const at = text.indexOf(anchor);
  if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
    throw new Error(`The probe's anchor must occur once: ${anchor}`);
  }
  return text.slice(0, at) + replacement + text.slice(at + anchor.length);
}

export function typecheckWithOverlay(
  root: string,
  overlay: Readonly<Record<string, string>>,
  projects: readonly string[] = PROJECTS,
  /** Check only these files (and what they import) instead of each project's whole list. */
  only?: readonly string[],
): ProbeResult {
  const started = performance.now();
  const replaced = new Map(
    Object.entries(overlay).map(([file, text]) => [resolve(root, file), text]),
  );
  const errors: Record<string, string[]> = {};
  for (const project of projects) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      resolve(root, project),
      { noEmit: true, incremental: false, composite: false },
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    if (!parsed) throw new Error(`${project} could not be read`);
    const host = ts.createCompilerHost(parsed.options);
    const read = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (file) => replaced.get(resolve(file)) ?? read(file);
    host.getSourceFile = (file, language, onError, create) => {
      const text = replaced.get(resolve(file));
      return text === undefined
        ? getSourceFile(file, language, onError, create)
        : ts.createSourceFile(file, text, language);
    };
    const program = ts.createProgram({
      rootNames: only ? only.map((file) => resolve(root, file)) : parsed.fileNames,
      options: parsed.options,
      host,
    });
    const files = new Set<string>();
    for (const diagnostic of [
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ]) {
      if (diagnostic.file) files.add(relative(root, diagnostic.file.fileName));
    }
    errors[project] = [...files].sort();
  }
  return {
    errors,
    files: [...new Set(Object.values(errors).flat())].sort(),
    ms: Math.round(performance.now() - started),
  };
}

/** The throw-away column: the return a license was granted for, kept by upgrades only. */
export const SHARED_FILE = 'shared/ipc/library-column-list.ts';
/** Its value contract, keyed by the list's names (zod stays out of the list, for the renderer). */
export const SCHEMA_FILE = 'shared/ipc/library-columns.ts';
export const SQL_FILE = 'main/core/store/library-columns-sql.ts';

/** The shared declaration (list entry and value contract, as one overlay) and the SQL one. */
export function withThrowawayColumn(root: string): {
  shared: Record<string, string>;
  sql: string;
} {
  const list = edit(
    readFileSync(resolve(root, SHARED_FILE), 'utf8'),
    '} as const satisfies Record<string, LibraryColumn>;',
    `  upgradedFrom: {
    label: 'Upgraded from',
    value: 'text',
    sortable: false,
    shown: false,
    align: 'start',
    width: 36,
  },
} as const satisfies Record<string, LibraryColumn>;`,
  );
  const schemas = edit(
    readFileSync(resolve(root, SCHEMA_FILE), 'utf8'),
    '} as const satisfies Record<LibraryColumnName, z.ZodType>;',
    `  upgradedFrom: z.string().nullable(),
} as const satisfies Record<LibraryColumnName, z.ZodType>;`,
  );
  const sql = edit(
    readFileSync(resolve(root, SQL_FILE), 'utf8'),
    '  state: { stored: [license(',
    `  upgradedFrom: { stored: [license('upgraded_from_return_id', 'TEXT')] },
  state: { stored: [license(`,
  );
  return { shared: { [SHARED_FILE]: list, [SCHEMA_FILE]: schemas }, sql };
}
