// Writes www/og-image.png: the link-preview card (1200x630) of Figure 1, drawn by the page's own
// code (an embed of the three panels at the paper's state, screenshotted in headless Chromium).
// Run by `./build.sh build` when Chromium is installed: node tests/tools/og-image.mjs BASE_URL OUT
import { launch, settled } from '../e2e/helpers.mjs';

const [base, out] = process.argv.slice(2);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 630 }, deviceScaleFactor: 1, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${base}?preset=paper&embed=1&show=a,b,c&controls=none&theme=light`);
  await settled(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1200, height: 630 } });
} finally {
  await browser.close();
}
