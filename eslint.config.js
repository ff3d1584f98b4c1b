// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/*
 * THE LAYER RULE. A folder says which process its code may run in, so an import that crosses
 * a layer the wrong way is a lint error, not a review comment:
 *
 *   shared/         pure contract: npm packages only; no electron, no Node, no other layer
 *   server/         shared/, Node, npm; no electron, main/, preload/, renderer/
 *   main/core/      shared/, Node, npm; no electron, main/electron/, main/browser/, ...
 *   main/electron/  electron, main/core/, shared/
 *   main/browser/   main/core/, shared/, Node; no electron, main/electron/
 *   preload/        electron, shared/; no Node built-ins (the preload is sandboxed)
 *   page-bridge/    shared/ only: the browser host's window.shelf script, run in the page
 *   renderer/       shared/ and npm (react, ...); reaches the app only through window.shelf
 *   test/, scripts/, bench/: unrestricted (tests may start a server next to main/core), except
 *                   that bench/ uses the tests' harness (test/fixtures/), never the reverse.
 *
 * There are no path aliases, so another layer is reachable only by a relative path that climbs
 * (`../`) into a folder named after it; the patterns match exactly that. The DOM is kept out
 * of shared/ and main/ by tsconfig.node.json (no DOM lib), not here.
 * Known gap: no-restricted-imports does not see dynamic `import()`.
 */
const layerMessage = (/** @type {string} */ layer, /** @type {string} */ what) =>
  `Layer rule: ${layer} must not import ${what} (see the layer table in eslint.config.js)`;

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

const escapeRegex = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** @typedef {(layer: string) => { regex: string, caseSensitive: true, message: string }} Ban */

/** @type {Ban} */
const electron = (layer) => ({
  regex: '^electron(/.*)?$',
  caseSensitive: true,
  message: layerMessage(layer, 'electron'),
});

/** Both spellings: `node:fs` and bare `fs`, `fs/promises`, ... (bare ones still resolve). @type {Ban} */
const nodeBuiltins = (layer) => ({
  regex: `^(node:.*|${builtinModules.map(escapeRegex).join('|')})$`,
  caseSensitive: true,
  message: layerMessage(layer, 'Node built-ins (node:*, fs, path, ...)'),
});

/**
 * A relative path that climbs out of the current folder into `folder/`.
 * @param {string} folder the path segment, e.g. 'server' or 'electron' (for main/electron/)
 * @param {string} [shownAs] how the message names it
 * @returns {Ban}
 */
const folder =
  (folder, shownAs = `${folder}/`) =>
  (layer) => ({
    regex: `^(\\.\\./)+(.*/)?${folder}/`,
    caseSensitive: true,
    message: layerMessage(layer, shownAs),
  });

/**
 * One config block per layer; blocks must not overlap, as a later block replaces the rule.
 * @param {string} name
 * @param {Ban[]} bans
 * @returns {import('eslint').Linter.Config}
 */
const layer = (name, ...bans) => ({
  name: `shelfkeeper/layer ${name}`,
  files: [`${name}**/*.{ts,tsx,mts,cts}`],
  rules: {
    'no-restricted-imports': ['error', { patterns: bans.map((ban) => ban(name)) }],
  },
});

const folders = (/** @type {string[]} */ ...names) => names.map((name) => folder(name));

const sibling = {
  electron: folder('electron', 'main/electron/'),
  browser: folder('browser', 'main/browser/'),
};

export default defineConfig([
  globalIgnores([
    'dist/',
    'release/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    'coverage/',
    '.vite/',
  ]),

  js.configs.recommended,

  {
    name: 'shelfkeeper/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        // The project service reads tsconfig.json's references, so each file is typed by the
        // same project that `npm run typecheck` uses for it.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The type-aware rules worth their cost: each catches a real bug class.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
        },
      ],
    },
  },

  {
    // No import cycles, in any layer. A cycle makes module initialisation order matter (a value
    // read before its module ran is `undefined`) and hides which piece depends on which. Type-only
    // imports are erased at build time, so the rule does not follow them.
    name: 'shelfkeeper/no-import-cycles',
    files: ['**/*.{ts,tsx,mts,cts}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': TS_EXTENSIONS,
      'import-x/parsers': { '@typescript-eslint/parser': TS_EXTENSIONS },
      // No path aliases: Node's resolution with TypeScript's extensions finds every file.
      'import-x/resolver-next': [createNodeResolver({ extensions: [...TS_EXTENSIONS, '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },

  {
    name: 'shelfkeeper/react',
    files: ['renderer/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },

  {
    // Shipped code logs through the logger (pino on the server), never the console.
    name: 'shelfkeeper/no-console-in-shipped-code',
    files: ['{main,page-bridge,preload,renderer,server,shared}/**/*.{ts,tsx,mts,cts}'],
    rules: { 'no-console': 'error' },
  },

  {
    // Code bundled for the page (the browser host's bridge script, the preload, the renderer)
    // takes zod as a namespace: esbuild then keeps only the members used. `import { z }` binds
    // zod's whole namespace object, every locale and the JSON-schema tools with it: the bridge
    // script was 480 KB instead of 124 KB (bench/findings.md, first paint, 2026-11-30).
    name: 'shelfkeeper/zod-namespace-import',
    files: ['{shared,page-bridge,preload,renderer}/**/*.{ts,tsx,mts,cts}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value=/^zod/][importKind='value'] > ImportSpecifier[imported.name='z']",
          message:
            "Import zod as `import * as z from 'zod'` (see the comment in eslint.config.js).",
        },
      ],
    },
  },

  layer(
    'shared/',
    electron,
    nodeBuiltins,
    ...folders('server', 'main', 'page-bridge', 'preload', 'renderer'),
  ),
  layer('server/', electron, ...folders('main', 'page-bridge', 'preload', 'renderer')),
  layer(
    'main/core/',
    electron,
    sibling.electron,
    sibling.browser,
    ...folders('page-bridge', 'preload', 'renderer', 'server'),
  ),
  layer(
    'main/electron/',
    sibling.browser,
    ...folders('page-bridge', 'preload', 'renderer', 'server'),
  ),
  layer(
    'main/browser/',
    electron,
    sibling.electron,
    ...folders('page-bridge', 'preload', 'renderer', 'server'),
  ),
  layer('preload/', nodeBuiltins, ...folders('main', 'renderer', 'server')),
  layer(
    'page-bridge/',
    electron,
    nodeBuiltins,
    ...folders('main', 'preload', 'renderer', 'server'),
  ),
  layer('test/fixtures/', folder('bench')),
  layer('test/reliability/', folder('bench')),
  layer(
    'renderer/',
    electron,
    nodeBuiltins,
    ...folders('main', 'page-bridge', 'preload', 'server'),
  ),
]);
