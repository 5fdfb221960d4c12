// Smoke test: the served page answers 200 and has a title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl, collectConsoleErrors } from './helpers.mjs';

test('index page is served and has a title', async (t) => {
  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = collectConsoleErrors(page);

  const response = await page.goto(baseUrl(), { waitUntil: 'load' });
  assert.ok(response, 'no response for BASE_URL');
  assert.equal(response.status(), 200);

  const title = await page.title();
  assert.ok(title.trim().length > 0, 'page title is empty');

  for (const e of errors) t.diagnostic(e);
});
