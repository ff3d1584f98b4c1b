import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib/build-steps';
import { createRootKey, rootPublicKey, signKeySet } from './lib/license-root-tool';

/**
 * The license root key (docs/design.md §7.4), kept off the license servers:
 *   npx tsx scripts/license-root.ts new <root.pem>
 *       a new root key; its public key replaces build/license-roots.json's (a new app build)
 *   npx tsx scripts/license-root.ts public <root.pem>
 *       prints the public key (SHELF_LICENSE_ROOT for a development app)
 *   npx tsx scripts/license-root.ts sign-key-set <root.pem> <current.pem>[=keyId] [<older.pem>[=keyId] ...]
 *       prints the signed key set to serve with SHELF_LICENSE_KEY_SET_FILE
 */
const [command, rootFile, ...rest] = process.argv.slice(2);
const shippedFile = path.join(root, 'build', 'license-roots.json');

if (command === 'new' && rootFile) {
  const publicKey = createRootKey(rootFile);
  const shipped = JSON.parse(readFileSync(shippedFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(shippedFile, JSON.stringify({ ...shipped, roots: [publicKey] }, null, 2) + '\n');
  process.stdout.write(`${publicKey}\n(written to ${shippedFile}; keep ${rootFile} offline)\n`);
} else if (command === 'public' && rootFile) {
  process.stdout.write(`${rootPublicKey(rootFile)}\n`);
} else if (command === 'sign-key-set' && rootFile && rest.length > 0) {
  const keys = rest.map((arg) => {
    const [file = '', keyId] = arg.split('=');
    return { file, keyId };
  });
  process.stdout.write(JSON.stringify(signKeySet(rootFile, keys), null, 2) + '\n');
} else {
  process.stderr.write(
    'Usage: license-root.ts new <root.pem> | public <root.pem> | sign-key-set <root.pem> <current.pem>[=keyId] [<older.pem>[=keyId] ...]\n',
  );
  process.exit(2);
}
