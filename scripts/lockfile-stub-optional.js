// The registry this project installs from does not carry every platform build of a few
// optional native packages (msgpackr-extract for darwin/win32, unrs-resolver bindings for
// other CPUs). npm cannot resolve them, leaves them out of package-lock.json, and `npm ci`
// then refuses the lock file as "out of sync". This records each unresolvable optional
// package as an empty optional entry, which `npm ci` accepts and skips on this platform.
// Run it after changing dependencies: node scripts/lockfile-stub-optional.js
const { readFileSync, realpathSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { execFileSync } = require('node:child_process');

const npmRoot = dirname(dirname(realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim())));
const Arborist = require(join(npmRoot, 'node_modules', '@npmcli', 'arborist'));

async function main() {
  const root = join(__dirname, '..');
  const virtual = new Arborist({ path: root });
  await virtual.loadVirtual();
  const ideal = new Arborist({ path: root });
  await ideal.buildIdealTree();
  const missing = [...ideal.idealTree.inventory.entries()].filter(([location, node]) => !virtual.virtualTree.inventory.get(location) && node.optional && !node.version);
  if (missing.length === 0) return console.log('package-lock.json is in sync');
  const lockPath = join(root, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  for (const [location] of missing) lock.packages[location] = { version: '', optional: true };
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`recorded ${missing.length} optional packages the registry does not carry`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
