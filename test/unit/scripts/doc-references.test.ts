import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every reference in the repository must resolve inside it: the design lives in docs/design.md,
// and code cites its numbered sections. A clone is all the next engineer has, so a reference to
// a document that is not in it, a path that climbs out of it, or a section number that does not
// exist fails here.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const DESIGN_DOC = 'docs/design.md';

/**
 * Names of documents outside the repository, spelled in pieces so this file does not match; the
 * team's design is also cited bare: its name in capitals, then a section sign or a colon.
 */
const OUTSIDE_DOCUMENTS = [
  ['DESIGN', '.md'],
  ['DESIGN', ' §'],
  ['DESIGN', ':'],
  ['STYLE', '.md'],
  ['seed', '-claims'],
].map((parts) => parts.join(''));
const SKIPPED = [/^node_modules\//, /(^|\/)dist\//, /(^|\/)package-lock\.json$/];

/** Files git tracks or would track (untracked but not ignored), minus installs and builds. */
function repositoryFiles(): string[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }).split('\0');
  } catch {
    // Not a git checkout (an unpacked archive): every file under the root but .git.
    listed = readdirSync(repoRoot, { recursive: true, encoding: 'utf8' })
      .map((file) => file.split(path.sep).join('/'))
      .filter((file) => !file.startsWith('.git/'));
  }
  return [...new Set(listed)]
    .filter((file) => file !== '' && !SKIPPED.some((pattern) => pattern.test(file)))
    .filter((file) => {
      const full = path.join(repoRoot, file);
      return existsSync(full) && statSync(full).isFile();
    });
}

/** The text of a file, or null for a binary one (images, fonts). */
function readText(file: string): string | null {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return text.includes('\0') ? null : text;
}

/** Section numbers of the design document: headings `## 3. Title` and `### 3.2 Title`. */
function sectionsOf(design: string): string[] {
  return [...design.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)].map((match) => match[1]!);
}

/**
 * Section numbers a text cites from the design document: `docs/design.md §3.2`, a Markdown link
 * `[docs/design.md](…/docs/design.md) §2–§4`, and a citation wrapped onto the next comment line.
 * Inside the design document itself, every `§N` is a citation.
 */
function citedSections(file: string, text: string): string[] {
  const sign = /§(\d+(?:\.\d+)*)/g;
  if (file === DESIGN_DOC) return [...text.matchAll(sign)].map((match) => match[1]!);
  const citations = text.matchAll(
    /docs\/design\.md`?\)?((?:[\s*/#,–-]|and|to)*§\d+(?:\.\d+)*(?:(?:[\s*,–-]|and|to)*§\d+(?:\.\d+)*)*)/g,
  );
  return [...citations].flatMap((match) => [...match[1]!.matchAll(sign)].map((m) => m[1]!));
}

/** What in one file points outside the repository or at a section that does not exist. */
function problemsIn(file: string, text: string, sections: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const name of OUTSIDE_DOCUMENTS) {
    if (text.includes(name)) problems.push(`${file}: mentions ${name}, which is not in the repo`);
  }
  const dir = path.posix.dirname(file);
  for (const match of text.matchAll(/(?:\.\.\/)+[\w@.-]+/g)) {
    const target = path.posix.normalize(path.posix.join(dir, match[0]));
    if (target.startsWith('../')) problems.push(`${file}: ${match[0]} climbs out of the repo`);
  }
  for (const section of citedSections(file, text)) {
    if (!sections.has(section)) problems.push(`${file}: cites ${DESIGN_DOC} §${section}`);
  }
  return problems;
}

/** The first fenced block after `heading` (a line of its own) in a Markdown text. */
function firstFence(markdown: string, heading: RegExp): string | undefined {
  const start = markdown.search(heading);
  if (start < 0) return undefined;
  return /```\n([\s\S]*?)```/.exec(markdown.slice(start))?.[1];
}

describe('references stay inside the repository', () => {
  const design = readFileSync(path.join(repoRoot, DESIGN_DOC), 'utf8');
  const sections = new Set(sectionsOf(design));

  it('numbers the design document once per section', () => {
    const all = sectionsOf(design);
    expect(all.length).toBeGreaterThan(20);
    expect(all.length).toBe(sections.size);
  });

  it('has no file citing an outside document, climbing out, or citing a missing section', () => {
    const files = repositoryFiles();
    expect(files).toContain(DESIGN_DOC);
    expect(files).toContain('server/services/returns.ts');
    const problems = files.flatMap((file) => {
      const text = readText(file);
      return text === null ? [] : problemsIn(file, text, sections);
    });
    expect(problems).toEqual([]);
  });

  it('cites the design from the code', () => {
    const returns = readFileSync(path.join(repoRoot, 'server/services/returns.ts'), 'utf8');
    expect(citedSections('server/services/returns.ts', returns)).toContain('3.2');
  });

  it('keeps the README architecture diagram the design diagram', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const inReadme = firstFence(readme, /^## Architecture$/m);
    expect(inReadme).toBeDefined();
    expect(firstFence(design, /^## 8\. Layers$/m)).toBe(inReadme);
  });
});

describe('the reference checker', () => {
  const sections = new Set(['3', '3.2', '5.1']);
  // Built at run time, so this file's own text cites no missing section.
  const cite = (section: string) => `${DESIGN_DOC} §${section}`;

  it('flags the outside documents and paths out of the repository', () => {
    const [design, bareSection, bareColon, style, claims] = OUTSIDE_DOCUMENTS;
    expect(problemsIn('server/c.ts', `// ${bareSection}4.2: why`, sections)).toHaveLength(1);
    expect(problemsIn('server/d.ts', `// ${bareColon} returns are atomic`, sections)).toHaveLength(
      1,
    );
    expect(problemsIn('server/a.ts', `// see ${design} §1`, sections)).toHaveLength(1);
    expect(problemsIn('main/electron/b.ts', `// (see ${style})`, sections)).toHaveLength(1);
    expect(problemsIn('README.md', `the claims in ${claims}.txt`, sections)).toHaveLength(1);
    expect(problemsIn('README.md', '[design](../shared/x.md)', sections)).toHaveLength(1);
    const inRepo = "import { x } from '../../shared/errors';";
    expect(problemsIn('server/services/a.ts', inRepo, sections)).toEqual([]);
    expect(problemsIn('server/a.ts', inRepo, sections)).toHaveLength(1);
  });

  it('checks every cited section, on one line or wrapped', () => {
    const ok = '// docs/design.md §3.2, and §5.1\n/** (docs/design.md\n * §3) */';
    expect(problemsIn('server/a.ts', ok, sections)).toEqual([]);
    expect(citedSections('server/a.ts', ok)).toEqual(['3.2', '5.1', '3']);
    expect(problemsIn('server/a.ts', `// ${cite('9.9')}`, sections)).toEqual([
      `server/a.ts: cites ${cite('9.9')}`,
    ]);
    expect(
      problemsIn('server/README.md', '[`docs/design.md`](../docs/design.md) §3–§4', sections),
    ).toEqual(['server/README.md: cites docs/design.md §4']);
    expect(problemsIn(DESIGN_DOC, 'as in §5.1, not §7', sections)).toEqual([
      'docs/design.md: cites docs/design.md §7',
    ]);
  });
});
