import { spawn } from 'node:child_process';

// `npm run check`: lint and typecheck at the same time. Each is one single-threaded process that
// reads the whole program (eslint's type-aware rules build the same TypeScript programs as
// `tsc -b`), so on two cores they finish in about the time of the longer one instead of the sum.
// Neither writes anything (`--noEmit`, no eslint cache), so they cannot disturb each other. Each
// one's output is held and printed whole when it ends, so the two never interleave; the run fails
// if either does.
const steps = ['lint', 'typecheck'];

const results = await Promise.all(
  steps.map(
    (step) =>
      new Promise<{ step: string; code: number }>((resolve) => {
        const child = spawn('npm', ['run', step], {
          shell: process.platform === 'win32',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const chunks: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
        child.on('close', (code) => {
          const verdict = code === 0 ? 'passed' : 'FAILED';
          process.stdout.write(`\n=== npm run ${step}: ${verdict}\n${Buffer.concat(chunks)}`);
          resolve({ step, code: code ?? 1 });
        });
      }),
  ),
);

const failed = results.filter((result) => result.code !== 0).map((result) => result.step);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
