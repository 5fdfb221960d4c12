// A screenshot of a page for people to look at: node tests/shot.mjs URL OUT.png WIDTH HEIGHT [light|dark]
// (the page served by ./build.sh serve or by the e2e server; waits until the page is ready).
import { launch, settled } from './e2e/helpers.mjs';
const [,, url, out, w, h, scheme = 'light'] = process.argv;
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: +w, height: +h }, colorScheme: scheme, deviceScaleFactor: 1 });
const page = await ctx.newPage();
await page.goto(url);
await settled(page);
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
await page.screenshot({ path: out });
await browser.close();
