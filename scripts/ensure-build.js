// Builds dist/ when it is missing or older than any source file, so that the CLIs
// (`npm run seed`, `npm run token:create`, …) always run the code in the tree.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'dist', 'src', 'main.js');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (/\.(ts|csv|json)$/.test(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(...['src', 'migrations', 'seeds', 'bench'].map((d) => newest(join(root, d))), statSync(join(root, 'tsconfig.json')).mtimeMs);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
