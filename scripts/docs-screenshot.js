// The screenshot of the place page in docs/, taken from a running `npm run demo`:
//   node scripts/docs-screenshot.js [base URL, default http://localhost:3000] [path, default /places/011011]
// Debian's Chromium, driven by playwright-core (no browser download), as the browser tests do.
const { chromium } = require('playwright-core');
const { join } = require('node:path');

const base = process.argv[2] ?? 'http://localhost:3000';
const path = process.argv[3] ?? '/places/011011';
const out = join(__dirname, '..', 'docs', 'place-page.png');

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 1400 }, deviceScaleFactor: 2, locale: 'ja-JP' });
    const response = await page.goto(base + path);
    if (!response || response.status() !== 200) throw new Error(`${base + path} answered ${response && response.status()}`);
    await page.screenshot({ path: out, fullPage: false });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
