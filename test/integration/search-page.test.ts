import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RAW_BUCKET } from '../../local/local-clients.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import { startTestStack, waitUntilSettled } from '../support/local-stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = new URL('../..', import.meta.url).pathname;
/** Screenshots are kept here after the run (CI keeps them as artifacts); the folder is not committed. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the search page test in a browser`;

/** The search page at GET /, driven in headless Chromium against the local stack, as a person would use it. */
describe('search page in a browser (headless Chromium, local stack)', { skip, timeout: 180_000 }, () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ stack, cleanup } = await startTestStack());
    const uploads: Array<[string, Buffer | string]> = readdirSync(join(ROOT, 'samples')).map((name) => [name, readFileSync(join(ROOT, 'samples', name))]);
    // Twelve short bulletins, so one query fills more than a page and "load more" has work to do.
    for (let i = 1; i <= 12; i++) {
      uploads.push([`bulletins/ban-tin-${i}.txt`, `Bản tin thôn số ${i}\n\nNgày ${i}/5/2024, thôn Đông họp bàn kế hoạch làm đường giao thông nông thôn đợt ${i}, với sự tham gia của đông đảo bà con trong thôn.`]);
    }
    for (const [key, body] of uploads) await stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body }));
    await waitUntilSettled(stack, uploads.map(([key]) => stack.idOf(key)), 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // The machine's network is closed: Chromium's background services must not try to reach out.
      // (Playwright gives each launch a fresh, temporary profile.)
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await cleanup?.();
  });

  const resultTitles = () => page.locator('#results .hit-title').allTextContents();
  /**
   * Polls from Node until the number of elements satisfies `ok`. (page.waitForFunction evaluates its
   * condition with eval in the page, which the page's Content-Security-Policy rightly forbids.)
   */
  const waitForCount = async (selector: string, ok: (n: number) => boolean, timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!ok(await page.locator(selector).count())) {
      if (Date.now() > deadline) throw new Error(`${selector}: count ${await page.locator(selector).count()} never satisfied the condition`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('finds an article typed without diacritics and highlights the matches', async () => {
    await page.goto(`${stack.endpoints.http}/`);
    await page.fill('#q', 'cai cach hanh chinh');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results li');
    assert.match((await resultTitles())[0] ?? '', /cải cách hành chính/);
    const marks = await page.locator('#results li').first().locator('.snippet mark').allTextContents();
    assert.ok(marks.some((m) => /cải|cách|hành|chính/i.test(m)), JSON.stringify(marks));
    assert.match(new URL(page.url()).search, /q=cai\+cach\+hanh\+chinh/, 'the search is in the address bar');
  });

  it('says which spelling a typo was matched as (did you mean), and searches for it on a click', async () => {
    await page.fill('#q', 'ho so suc khoee dien tu');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#corrections button');
    assert.equal(await page.locator('#corrections button').textContent(), 'ho so suc khoe dien tu');
    await page.click('#corrections button');
    await page.waitForSelector('#corrections', { state: 'hidden' });
    assert.equal(await page.inputValue('#q'), 'ho so suc khoe dien tu');
  });

  it('narrows by a facet, shown as a removable filter', async () => {
    await page.fill('#q', 'UBND');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#facets button[data-facet="source"]');
    const before = (await resultTitles()).length;
    await page.click('#facets button[data-facet="source"]:has-text("Hoabinhxanh.vn")');
    await waitForCount('#chips .chip', (n) => n === 1);
    const titles = await resultTitles();
    assert.ok(titles.length < before && titles.length >= 1, `${before} → ${titles.length}`);
    assert.match(titles[0] ?? '', /Hòa Bình/);
    await page.click('#chips .chip');
    await waitForCount('#results li', (n) => n === before);
  });

  it('loads more results with the cursor, and filters by date', async () => {
    await page.fill('#q', 'thôn');
    await page.fill('#from', '');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#more:not([hidden])');
    assert.equal((await resultTitles()).length, 10);
    await page.click('#more');
    await waitForCount('#results li', (n) => n > 10);
    const all = await resultTitles();
    assert.equal(new Set(all).size, all.length, 'no hit twice');
    assert.equal(await page.locator('#more').isHidden(), true);

    await page.fill('#from', '2024-05-01');
    await page.fill('#to', '2024-05-03');
    await page.selectOption('#sort', 'date');
    await page.press('#q', 'Enter');
    await waitForCount('#results li', (n) => n === 3);
    assert.deepEqual(await resultTitles(), ['Bản tin thôn số 3', 'Bản tin thôn số 2', 'Bản tin thôn số 1']);
  });

  it('opens a document with its metadata and cleaned text; the page is kept as a screenshot', async () => {
    await page.fill('#from', '');
    await page.fill('#to', '');
    await page.selectOption('#sort', 'relevance');
    await page.fill('#q', 'hồ sơ sức khỏe điện tử');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results li');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'search-page-results.png'), fullPage: true });
    await page.locator('#results .hit-title').first().click();
    await page.waitForSelector('dialog#doc[open]');
    const text = await page.locator('#doc-body').innerText();
    assert.match(text, /Sở Y tế triển khai hồ sơ sức khỏe điện tử/);
    assert.match(text, /Phạm Văn Đức/);
    assert.equal(await page.locator('#doc-body a').getAttribute('href').then((h) => h?.startsWith('http://127.0.0.1:')), true);
    await page.screenshot({ path: join(ARTIFACTS, 'search-page-document.png') });
  });
});
