// Rehearses the date-dependent suites on days ahead: runs the hours unit specs and the
// availability e2e suite with TEST_NOW (test/support/calendar.ts) moved to chosen instants
// of the next ten years — the eve of each New Year, the day before a substitute holiday, a
// Monday holiday, Golden Week — so a test that would fail on one of those days fails now.
//   npm run test:rehearse            (every instant; about 15 s each)
//   npm run test:rehearse -- 3       (the first three only)
const { spawnSync } = require('node:child_process');
const holidays = require('@holiday-jp/holiday_jp').holidays;

const YEARS = 10;
const tokyo = (date, time) => `${date}T${time}:00+09:00`;
const now = new Date();
const first = now.getUTCFullYear();
const instants = [];
for (let year = first; year < first + YEARS; year++) {
  const ofYear = Object.keys(holidays).filter((d) => d.startsWith(`${year}-`)).sort();
  const substitute = ofYear.find((d) => holidays[d].name.includes('振替休日'));
  const mondayHoliday = ofYear.find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1);
  const candidates = [
    tokyo(`${year}-12-31`, '23:30'),
    substitute && tokyo(new Date(Date.parse(`${substitute}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10), '12:00'),
    mondayHoliday && tokyo(mondayHoliday, '12:00'),
    tokyo(`${year}-05-03`, '09:00'),
  ];
  for (const at of candidates) if (at && Date.parse(at) > now.getTime()) instants.push(at);
}
const limit = Number(process.argv[2] ?? instants.length);
let failed = 0;
for (const at of instants.slice(0, limit)) {
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', '--no-warnings', 'node_modules/jest/bin/jest.js', '--selectProjects', 'unit', 'e2e', '--', 'src/hours', 'test/availability'],
    { env: { ...process.env, TEST_NOW: at }, encoding: 'utf8' },
  );
  const summary = (run.stderr.match(/^Tests:.*$/m) ?? ['(no summary)'])[0];
  console.log(`${run.status === 0 ? 'pass' : 'FAIL'}  TEST_NOW=${at}  ${summary}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (run.status !== 0) {
    failed++;
    console.log(run.stderr.split('\n').filter((l) => /●|Expected|Received/.test(l)).slice(0, 20).join('\n'));
  }
}
console.log(`${Math.min(limit, instants.length) - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
