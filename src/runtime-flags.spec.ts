import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The API's heap settings are given once, in package.json; the Dockerfile's CMD repeats them. */
describe('the API runtime flags', () => {
  it('are the same in package.json (npm start, the benchmark) and the Dockerfile', () => {
    const root = join(__dirname, '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const flags: string[] = pkg.config.apiNodeFlags.split(/\s+/);
    expect(pkg.scripts.start).toBe('node $npm_package_config_apiNodeFlags dist/src/main.js');
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))![1];
    expect(JSON.parse(cmd)).toEqual(['node', ...flags, 'dist/src/main.js']);
  });
});
