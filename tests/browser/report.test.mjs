// The HTML report in Debian's Chromium, as a planning meeting uses it:
// the tiles agree with the findings on the page, long groups are folded,
// and typing a persona (by name or alias) keeps matching rows in every
// table and opens the folds that hold them; Escape puts everything back.
//
// CC_REPORT_FILE: the report (written by tests/cli/t0642-report-scale.sh);
// CC_SHOTS: where screenshots go (build/browser/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const file = process.env.CC_REPORT_FILE;
const shots = process.env.CC_SHOTS || 'build/browser';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
let browser;
const problems = [];

before(async () => {
  assert.ok(file, 'CC_REPORT_FILE must be set');
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
});

after(async () => {
  if (browser) await browser.close();
});

async function open() {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
  });
  await page.goto('file://' + file);
  await page.waitForSelector('html[data-filter-ready]');
  return { ctx, page };
}

// Rows of the page's tables that the eye can see (not hidden, not folded away).
const visibleRows = (page, sel) => page.evaluate((s) => Array.from(document.querySelectorAll(s))
  .filter((el) => el.checkVisibility()).length, sel);

test('each tile equals the findings of its kind on the page', async () => {
  const { ctx, page } = await open();
  const t = await page.evaluate(() => {
    const tile = (n) => Number(document.querySelector(`[data-tile="${n}"]`).dataset.count);
    const rows = (s) => document.querySelectorAll(s).length;
    return {
      overdue: [tile('overdue'), rows('#gaps-overdue tbody tr')],
      stale: [tile('stale'), rows('#gaps-stale tbody tr[data-state="live"]')],
      expired: [tile('expired'), rows('#gaps-stale tbody tr[data-state="expired"]')],
      groups: Array.from(document.querySelectorAll('details.group'))
        .map((d) => [Number(d.dataset.count), d.querySelectorAll('tbody tr').length]),
    };
  });
  for (const k of ['overdue', 'stale', 'expired']) assert.equal(t[k][0], t[k][1], k);
  assert.ok(t.overdue[0] > 10);
  for (const [n, rows] of t.groups) assert.equal(n, rows);
  // The long group is folded: its rows are not on screen until it is opened.
  assert.equal(await visibleRows(page, '#gaps-overdue tbody tr'), 0);
  assert.ok(await visibleRows(page, '#gaps-stale tbody tr') > 0);
  await page.screenshot({ path: `${shots}/report-scale.png`, fullPage: true });
  await ctx.close();
});

test('typing a persona keeps matching rows in every table; Escape restores the page', async () => {
  const { ctx, page } = await open();
  const before = await visibleRows(page, 'table.ranking tbody tr');
  for (const word of ['cfo', 'finance']) {
    await page.locator('#filter').fill('');
    await page.locator('#filter').focus();
    await page.keyboard.type(word, { delay: 30 });
    const tables = await page.evaluate(() => Array.from(document.querySelectorAll('table'))
      .filter((t) => t.querySelector('tbody tr[data-filter]'))
      .map((t) => [t.className, Array.from(t.querySelectorAll('tbody tr')).filter((r) => r.checkVisibility()).length]));
    for (const [cls, n] of tables) {
      if (cls === 'gaps' || cls === 'plan') continue; // kinds about weeks or other cells may hold none
      assert.ok(n > 0, `${word}: table.${cls} is empty`);
    }
    // The overdue fold opened for the cfo's late draft, and shows only it.
    assert.equal(await visibleRows(page, '#gaps-overdue tbody tr'), 1, word);
    assert.equal(await visibleRows(page, '#gaps-stale tbody tr'), 1, word);
    assert.equal(await visibleRows(page, 'table.heatmap tbody tr'), 1, word);
    assert.match(await page.locator('#filter-count').innerText(), /match/);
  }
  await page.screenshot({ path: `${shots}/report-filter-cfo.png`, fullPage: true });
  await page.keyboard.press('Escape');
  assert.equal(await visibleRows(page, '#gaps-overdue tbody tr'), 0, 'folded again');
  assert.equal(await visibleRows(page, 'table.ranking tbody tr'), before, 'extras hidden again');
  await ctx.close();
  assert.deepEqual(problems, []);
});
