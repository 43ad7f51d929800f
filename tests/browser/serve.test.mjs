// End-to-end tests of `contentcal serve` in Debian's Chromium, as a seller
// uses it: type a query, tick facets, open an asset, copy the share link,
// the keyboard alone, and the same without JavaScript. Every page must load
// without console errors and without a request leaving the server.
//
// CC_SERVE_URL: the server (started by tests/cli/t0910-serve-browser.sh);
// CC_SHOTS: where screenshots go (build/browser/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.env.CC_SERVE_URL;
const shots = process.env.CC_SHOTS || 'build/browser';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
let browser;
const problems = [];

function watch(page) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) problems.push(`request left the server: ${r.url()}`);
  });
  return page;
}

before(async () => {
  assert.ok(base, 'CC_SERVE_URL must be set');
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
});

after(async () => {
  if (browser) await browser.close();
});

test('type a query: instant results, vocabulary words become filters', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/');
  await page.screenshot({ path: `${shots}/serve-home.png`, fullPage: true });
  await page.locator('#q').focus();
  // Typed at a person's pace: results follow while typing.
  await page.keyboard.type('cfo cloud costs', { delay: 180 });
  await page.waitForFunction(() => document.querySelector('#results .count')?.textContent.includes('cloud costs'));
  await page.waitForTimeout(1800); // the settled query is recorded, the prefixes are not
  assert.match(await page.locator('#results .notice.info').innerText(), /persona cfo/);
  assert.ok(page.url().includes('q=cfo+cloud+costs'), page.url());
  const n = await page.locator('ol.results > li').count();
  assert.ok(n > 0, 'results');
  await page.screenshot({ path: `${shots}/serve-search.png`, fullPage: true });
  await ctx.close();
});

test('tick facets: results narrow, counts shown, the URL keeps them', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/search?q=cloud');
  const before = await page.locator('#results .count').innerText();
  await page.locator('#facets input[name=stage][value=consideration]').check();
  await page.waitForFunction((b) => document.querySelector('#results .count')?.textContent !== b, before);
  assert.ok(page.url().includes('stage=consideration'), page.url());
  const tags = await page.locator('ol.results > li').evaluateAll((lis) =>
    lis.map((li) => [...li.querySelectorAll('.tag[title=stage]')].map((t) => t.textContent)));
  assert.ok(tags.length > 0);
  for (const t of tags) assert.ok(t.includes('consideration'), JSON.stringify(t));
  assert.ok(await page.locator('#facets input[name=stage][value=consideration]').isChecked());
  await ctx.close();
});

test('open an asset and copy its share link (recorded by a same-origin POST)', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = watch(await ctx.newPage());
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  await page.goto(base + '/search?q=finops');
  await page.locator('ol.results > li h3 a').first().click();
  await page.waitForSelector('article.asset h1');
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /utm_source=/);
  await page.locator('form[data-copy=share-link] button').click();
  await page.waitForFunction(() => document.querySelector('form[data-copy=share-link] .status')?.textContent === 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.waitForFunction(() => true);
  assert.ok(posts.some((u) => u.endsWith('/activity/share')), JSON.stringify(posts));
  assert.ok(await page.locator('text=What to send next').count());
  await page.screenshot({ path: `${shots}/serve-asset.png`, fullPage: true });
  await ctx.close();
});

test('keyboard only: search, reach a result, open it', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/');
  // The search box has focus on arrival.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.type('security');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=security/);
  let onResult = false;
  for (let i = 0; i < 80 && !onResult; i++) {
    await page.keyboard.press('Tab');
    onResult = await page.evaluate(() => !!document.activeElement.closest('ol.results'));
  }
  assert.ok(onResult, 'a result link is reachable with Tab');
  const visible = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && s.outlineWidth !== '0px';
  });
  assert.ok(visible, 'focus is visible');
  await page.keyboard.press('Enter');
  await page.waitForSelector('article.asset h1');
  await ctx.close();
});

test('without JavaScript: the form, facets and pages still work', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/');
  await page.locator('#q').fill('security');
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/q=security/);
  assert.ok(await page.locator('ol.results > li').count() > 0);
  await page.goto(base + '/buyer?persona=cfo&stage=decision');
  assert.ok(await page.locator('h2').count() > 0);
  await page.screenshot({ path: `${shots}/serve-buyer.png`, fullPage: true });
  await ctx.close();
});

test('owner and authors on the card and the asset page, as text (escaped)', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/search?q=finops');
  const card = page.locator('ol.results > li', { hasText: 'FinOps Playbook' }).first();
  assert.equal(await card.locator('.meta .owner').innerText(), 'owner R&D <Ops>');
  assert.equal(await card.locator('.meta .authors').innerText(), 'by Elena Varga and Bo & Co');
  await card.locator('h3 a').click();
  await page.waitForSelector('article.asset h1');
  assert.equal(await page.locator('dd.owner').innerText(), 'R&D <Ops>');
  assert.equal(await page.locator('dd.authors').innerText(), 'Elena Varga and Bo & Co');
  assert.equal(await page.locator('article.asset b').count(), 0);
  await page.screenshot({ path: `${shots}/serve-asset-people.png`, fullPage: true });
  await ctx.close();
});

test('the owner and author facets narrow the results like the others', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/search?q=cloud');
  const before = await page.locator('#results .count').innerText();
  await page.locator('#facets input[name=author][value="Elena Varga"]').check();
  await page.waitForFunction((b) => document.querySelector('#results .count')?.textContent !== b, before);
  assert.ok(page.url().includes('author=Elena+Varga'), page.url());
  const by = await page.locator('ol.results > li .meta .authors').allInnerTexts();
  assert.ok(by.length > 0);
  for (const t of by) assert.match(t, /Elena Varga/);
  assert.equal(await page.locator('ol.results > li').count(), by.length, 'every result has authors');
  await page.locator('#facets input[name=owner][value="R&D <Ops>"]').check();
  await page.waitForFunction(() => document.querySelectorAll('ol.results > li').length === 1);
  assert.equal(await page.locator('ol.results > li .meta .owner').innerText(), 'owner R&D <Ops>');
  await ctx.close();
});

test('report quarter picker, keyboard only: Tab to it, choose a quarter, Enter', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/report');
  const first = await page.locator('#quarter').inputValue();
  assert.match(first, /^FY\d{4}Q[1-4]$/);
  assert.ok((await page.locator('#quarter option').count()) > 1, 'more than one quarter to choose');
  let on = false;
  for (let i = 0; i < 20 && !on; i++) {
    await page.keyboard.press('Tab');
    on = await page.evaluate(() => document.activeElement.id === 'quarter');
  }
  assert.ok(on, 'the picker is reached with Tab, before the report');
  await page.keyboard.press('ArrowDown');
  const chosen = await page.locator('#quarter').inputValue();
  assert.notEqual(chosen, first);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Show');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`quarter=${chosen}`));
  assert.equal(await page.locator('#quarter').inputValue(), chosen);
  assert.match(await page.title(), new RegExp(chosen));
  await page.screenshot({ path: `${shots}/serve-report-picker.png` });
  await ctx.close();
});

test('report quarter picker without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = watch(await ctx.newPage());
  await page.goto(base + '/report');
  const values = await page.locator('#quarter option').evaluateAll((os) => os.map((o) => o.value));
  const pick = values[values.length - 1];
  await page.locator('#quarter').selectOption(pick);
  await page.locator('nav.quarter-pick button[type=submit]').click();
  await page.waitForURL(new RegExp(`quarter=${pick}`));
  assert.match(await page.title(), new RegExp(pick));
  await ctx.close();
});

test('no console errors, no request left the server', () => {
  assert.deepEqual(problems, []);
});
