import { PRIVILEGE_TYPE_PROBE, RETURN_KIND_PROBE, probeRegistry } from './lib/registry-probe';

// Shows what adding a fourth return kind (or a third privilege type) costs: the source files the
// compiler points at once the name is in the list (scripts/lib/registry-probe.ts). The working
// tree is not touched. `npx tsx scripts/add-registry-name-probe.ts [kind|privilege]`.
const LIMIT = 8;
const which = process.argv[2] ?? 'kind';
const probe = which === 'privilege' ? PRIVILEGE_TYPE_PROBE : RETURN_KIND_PROBE;
const started = Date.now();
const files = probeRegistry(process.cwd(), probe);
console.log(`${probe.withExtraName}\n→ ${files.size} source files to change:`);
for (const [file, message] of files) console.log(`  ${file}: ${message}`);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
if (files.size === 0 || files.size > LIMIT) {
  console.error(`expected 1 to ${LIMIT} files`);
  process.exit(1);
}
