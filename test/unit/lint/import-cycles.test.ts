import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Proves the import-cycle rule of eslint.config.js (import-x/no-cycle): the real config lints a
// few files written to a temporary folder laid out like the repo. The repo tree is not touched.

const configFile = fileURLToPath(new URL('../../../eslint.config.js', import.meta.url));
let dir = '';
let eslint: ESLint;

function write(files: Record<string, string>): void {
  for (const [name, code] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), code);
  }
}

async function lint(file: string) {
  const [result] = await eslint.lintFiles([join(dir, file)]);
  if (!result) throw new Error('ESLint returned no result');
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shelf-cycle-'));
  eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: configFile,
    // The temporary files belong to no tsconfig; the cycle rule needs no type information.
    overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
  });
  // Loading the config (and the plugins) is the slow part; done once, outside the tests' timeout.
  await eslint.calculateConfigForFile(join(dir, 'shared/leaf.ts'));
  write({
    // A planted cycle in the server's HTTP layer: a route file and the app import each other.
    'server/http/app.ts':
      "import { routes } from './routes/a-routes';\nexport const app = routes;\n",
    'server/http/routes/a-routes.ts':
      "import { app } from '../app';\nexport const routes = () => app;\n",
    // A longer cycle through three folders.
    'main/core/one.ts': "import { two } from './store/two';\nexport const one = () => two;\n",
    'main/core/store/two.ts': "import { three } from '../../three';\nexport const two = three;\n",
    'main/three.ts': "import { one } from './core/one';\nexport const three = one;\n",
    // The same shape with a type-only import back: erased at build time, so no cycle.
    'server/types/handler.ts':
      "import type { Table } from './table';\nexport const handle = (t: Table) => t;\n",
    'server/types/table.ts':
      "import { handle } from './handler';\nexport type Table = { n: number };\nexport const use = handle;\n",
    // One direction only.
    'shared/leaf.ts': 'export const leaf = 1;\n',
    'shared/user.ts': "import { leaf } from './leaf';\nexport const user = leaf;\n",
  });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import-cycle rule (import-x/no-cycle)', () => {
  it('reports a two-file cycle in server/', async () => {
    const messages = await lint('server/http/routes/a-routes.ts');
    expect(messages).toEqual([
      { ruleId: 'import-x/no-cycle', message: expect.stringContaining('cycle') as string },
    ]);
  });

  it('reports a cycle through three files and folders', async () => {
    const messages = await lint('main/core/store/two.ts');
    expect(messages.map((m) => m.ruleId)).toEqual(['import-x/no-cycle']);
  });

  it('does not report a type-only import back, nor a one-way import', async () => {
    expect(await lint('server/types/table.ts')).toEqual([]);
    expect(await lint('shared/user.ts')).toEqual([]);
  });
});
