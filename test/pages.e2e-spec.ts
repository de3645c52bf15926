import type { Browser } from 'playwright-core';
import request from 'supertest';
import { momentJa } from '../src/pages/dates-ja';
import { bearer, createService, TestApp, tokenFor, unique } from './support/app';
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, newVisitor, screenshots, serveApp, text, visit, Visitor } from './support/browser';
import { nextHoliday, today, tokyoIso } from './support/calendar';
import { startWorker, waitFor } from './support/worker';

/**
 * The public pages in headless Chromium, as a support worker would use them: find 札幌市中央区
 * by its reading, see what is open with a number to call, look at a public holiday, open a
 * service's record. Every page is checked with axe-core, at 375 px without horizontal
 * scrolling, with no CSP refusal or script error, and photographed for review.
 */
describe('public pages (browser)', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser;
  let visitor: Visitor;
  let daily: { id: string; name: string };
  let stopped: { id: string; name: string };
  let hostile: { id: string };
  const holiday = nextHoliday(today());
  /** A day as the pages write it, from the platform's own Japanese calendar (not the pages' code): 2021年4月5日(月). */
  const tokyoDateJa = (instant: Date | string) =>
    new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(new Date(instant));

  beforeAll(async () => {
    ({ t, baseURL } = await serveApp());
    browser = await launchBrowser();
    const sapporo = await tokenFor(t, 'municipality', '011002');
    // Open now whatever the time: LINE every day and a phone line around the clock.
    daily = await createService(t, sapporo, '011002', {
      name: unique('テスト 子ども相談'),
      audiences: ['children', 'youth'],
      lineHours: { type: 'always' },
    });
    await request(t.http).post(`/v1/services/${daily.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'phone', label: '24時間電話', contact: '0120-000-000', hours: { type: 'always' } }).expect(201);
    // LINE stopped since a date, with a reason; its alternative opens 9:00–17:00, closed on public holidays.
    stopped = await createService(t, sapporo, '011002', {
      name: unique('テスト 若者相談'),
      audiences: ['youth'],
      initialStatus: { status: 'suspended', effectiveAt: '2021-03-26T00:00:00+09:00', reason: 'テストのための一時停止', sourceUrl: 'https://example.jp/notice' },
    });
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, start: '09:00', end: '17:00' }));
    await request(t.http).post(`/v1/services/${stopped.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'phone', label: '日中の電話', contact: '011-000-0000', hours: { type: 'weekly', publicHolidays: 'closed', ranges: days } }).expect(201);
    // Stored text that is markup, and a channel whose contact is not known.
    hostile = await createService(t, sapporo, '011002', { name: '<script>alert(1)</script>', lineHours: { type: 'always' } });
    await request(t.http).post(`/v1/services/${hostile.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'email', label: '<img src=x onerror=alert(2)>', contact: '' }).expect(201);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(async () => {
    visitor = await newVisitor(browser, baseURL);
  });

  afterEach(async () => {
    await visitor.context.close();
  });

  const gapsOf = async (serviceId: string): Promise<{ kind: string; state: string }[]> => (await request(t.http).get(`/v1/services/${serviceId}/gaps`).expect(200)).body.items;

  /** What every page must be: accessible, no wider than a phone, no refusal or error, photographed. */
  async function checkPage(name: string): Promise<void> {
    await expectNoHorizontalScroll(visitor.page);
    await expectAccessible(visitor.page);
    await screenshots(visitor.page, name);
    expect(visitor.problems).toEqual([]);
  }

  it('finds 札幌市中央区 by its reading and shows what is open now, with a number to call', async () => {
    const { page } = visitor;
    await visit(page, '/');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.locator('#prefs + ul.places a').count()).toBe(47);
    await checkPage('home');

    await page.fill('input[name=q]', 'さっぽろ');
    await Promise.all([page.waitForURL(/\?q=/), page.click('form.search button')]);
    await page.click('a[href="/places/011011"]');
    await page.waitForURL('**/places/011011');
    expect(await page.textContent('h1')).toBe('札幌市中央区で いま つながる窓口');

    const card = page.locator('section[aria-labelledby="g-open"] article', { hasText: daily.name });
    expect(await text(card.locator('.meta'))).toMatch(/札幌市（市区町村）・相談/);
    expect(await text(card.locator('.state').first())).toBe('LINE: 稼働中・受付中');
    expect(await text(card.locator('a[href="tel:0120000000"]'))).toBe('0120-000-000');
    expect(await text(card.locator('.hours li').first())).toBe('24時間・年中無休');

    const stoppedCard = page.locator('article', { hasText: stopped.name });
    expect(await text(stoppedCard.locator('.state').first())).toBe('LINE: 停止中（2021年3月26日(金)から）');
    expect(await text(stoppedCard)).toContain('理由: テストのための一時停止');
    expect(await text(stoppedCard.locator('.hours li').first())).toBe('毎日 9:00〜17:00（祝日は休み）');
    await checkPage('place');
  });

  it('the same search in katakana and in kanji finds the same place', async () => {
    for (const q of ['サッポロ', 'ｻｯﾎﾟﾛ', '札幌']) {
      await visit(visitor.page, `/?q=${encodeURIComponent(q)}`);
      expect(await text(visitor.page.locator('#results + ul.places a[href="/places/011011"]'))).toBe('札幌市中央区');
    }
  });

  it('on the next public holiday the daytime line is closed, with the day it opens again (the API\'s answer)', async () => {
    const { page } = visitor;
    await visit(page, '/places/011011');
    await page.fill('input[name=date]', holiday.date);
    await page.fill('input[name=time]', '12:00');
    await Promise.all([page.waitForURL(/date=/), page.click('form.filters button')]);
    expect(await text(page.locator('.when'))).toContain(`祝日: ${holiday.name}`);

    const at = tokyoIso(holiday.date, '12:00');
    const api = await request(t.http).get('/v1/availability').query({ localGovernment: '011011', at, view: 'full', limit: 1000 }).expect(200);
    const channel = api.body.services.find((s: { id: string }) => s.id === stopped.id).channels[0];
    expect(channel.openNow).toBe(false);
    const card = page.locator('section[aria-labelledby="g-stopped-alt"] article', { hasText: stopped.name });
    expect(await text(card.locator('.channels .state'))).toBe(`祝日のため休み（${holiday.name}）・${momentJa(channel.nextOpenAt, at)}から`);
    await checkPage('place-holiday');
  });

  it('filters by audience with a URL that can be shared', async () => {
    const { page } = visitor;
    await visit(page, '/places/011011');
    await page.selectOption('select[name=audience]', 'children');
    await Promise.all([page.waitForURL(/audience=children/), page.click('form.filters button')]);
    expect(await page.locator('article', { hasText: daily.name }).count()).toBe(1);
    expect(await page.locator('article', { hasText: stopped.name }).count()).toBe(0);
    expect(await text(page.locator('select[name=audience] option[selected]'))).toBe('子ども');
  });

  it('shows stored markup as text and an unknown contact plainly', async () => {
    const { page } = visitor;
    await visit(page, '/places/011011');
    const card = page.locator('article', { hasText: '<script>alert(1)</script>' });
    expect(await text(card.locator('h3'))).toBe('<script>alert(1)</script>');
    expect(await text(card.locator('.unknown-contact'))).toBe('連絡先未確認');
    expect(await page.locator('main script, main img').count()).toBe(0);
    await visit(page, `/services/${hostile.id}`);
    expect(await page.textContent('h1')).toBe('<script>alert(1)</script>');
    expect(visitor.problems).toEqual([]);
  });

  it('a service page shows its state, channels and record', async () => {
    const { page } = visitor;
    await visit(page, `/services/${stopped.id}`);
    expect(await page.textContent('h1')).toBe(stopped.name);
    expect(await page.locator('#timeline + .scroll tbody tr').count()).toBe(1);
    expect(await text(page.locator('#timeline + .scroll tbody tr').first())).toContain('2021年3月26日(金)');
    expect(await text(page.locator('#timeline + .scroll tbody tr a[href="https://example.jp/notice"]'))).toBe('出典');
    expect(await text(page.locator('#channels + ul.channels > li'))).toContain('011-000-0000');
    expect(await text(page.locator('#gaps'))).toBe('つながらなかった期間の記録');
    await checkPage('service');
  });

  it('a service page shows its public notice, last verification, plan and data handling; a discontinued one links to its successor', async () => {
    const sapporo = await tokenFor(t, 'municipality', '011002');
    const notice = 'LINE相談は終了しました。新しい相談窓口をご利用ください';
    const successor = await createService(t, sapporo, '011002', { name: unique('テスト 後継の相談'), lineHours: { type: 'always' } });
    const old = await createService(t, sapporo, '011002', {
      name: unique('テスト 終了した相談'),
      initialStatus: { status: 'discontinued', effectiveAt: '2021-03-31T00:00:00+09:00', reason: 'テストのための廃止' },
      successorServiceId: successor.id,
      publicNotice: notice,
      handlesConfidentialData: true,
      conversationDataStorage: 'line_servers',
      transition: { toKind: 'chat_platform', toPlatform: 'Webチャット', switchOn: '2021-04-01', stopOn: '2021-03-31' },
    });
    // The office's confirmation of 5 April 2021, recorded by an import.
    const file = `record_type,service_id,verified_on,verification_method\r\nservice_info,${old.id},2021/4/5,電話で確認\r\n`;
    await request(t.http).post('/v1/imports').set(bearer(sapporo)).set('Content-Type', 'text/csv').send(Buffer.from(file, 'utf8')).expect(201);

    const { page } = visitor;
    await visit(page, `/services/${old.id}`);
    expect(await text(page.locator('.successor a'))).toBe(successor.name);
    expect(await text(page.locator('section.public-notice h2'))).toBe('お知らせ');
    expect(await text(page.locator('section.public-notice p'))).toBe(notice);
    expect(await text(page.locator('.verified'))).toBe('最終確認日: 2021年4月5日(月)');
    // Not stale: no stale_record finding is open for it.
    expect(await page.locator('.stale').count()).toBe(0);
    const facts = async (heading: string) => (await page.locator(`#${heading} + dl.facts`).locator('dt, dd').allTextContents()).map((s) => s.trim());
    expect(await facts('transition')).toEqual(['移行先', '他のチャット（Webチャット）', '切替予定日', '2021年4月1日(木)', '停止予定日', '2021年3月31日(水)']);
    expect(await text(page.locator('#transition ~ .warning'))).toMatch(/^切り替えの前にLINEが止まる予定です/);
    expect(await facts('data')).toEqual(['個人情報の取扱い', 'あり', '機密情報の取扱い', 'あり', '会話データの保存先', 'LINEのサーバー']);
    await checkPage('service-record');

    await Promise.all([page.waitForURL(`**/services/${successor.id}`), page.click('.successor a')]);
    expect(await page.textContent('h1')).toBe(successor.name);
    expect(await text(page.locator('.verified'))).toBe('最終確認日: 確認の記録はありません');
    expect(await facts('data')).toEqual(['個人情報の取扱い', 'あり', '機密情報の取扱い', '不明', '会話データの保存先', '不明']);
    expect(await page.locator('section.public-notice, .successor, #transition').count()).toBe(0);
  });

  it('a service page shows the history of its gaps: opened, how long, how resolved', async () => {
    const worker = await startWorker();
    try {
      const sapporo = await tokenFor(t, 'municipality', '011002');
      const service = await createService(t, sapporo, '011002', { name: unique('テスト 停止して代替なし'), audiences: ['children'] });
      await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(sapporo)).send({ status: 'suspended', reason: 'テスト' }).expect(201);
      const gapsOf = async () => (await request(t.http).get(`/v1/services/${service.id}/gaps`).expect(200)).body.items as { kind: string; state: string }[];
      await waitFor(async () => (await gapsOf()).find((g) => g.kind === 'no_alternative' && g.state === 'open'), 5000);
      await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'phone', label: '電話相談', contact: '0120-000-000', hours: { type: 'always' } }).expect(201);
      await waitFor(async () => (await gapsOf()).find((g) => g.kind === 'no_alternative' && g.state === 'resolved'), 5000);

      await visit(visitor.page, `/services/${service.id}`);
      const gap = visitor.page.locator('#gaps + ul.gaps > li', { hasText: '代替手段のない停止' });
      expect(await text(gap.locator('p').nth(0))).toBe('代替手段のない停止（深刻度: 重大）');
      expect(await text(gap.locator('p').nth(1))).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日\(.\) \d{1,2}:\d{2}から (1分未満|\d+分)$/);
      expect(await text(gap.locator('p').nth(2))).toMatch(/^解消: .*・代替手段が追加された$/);
      await checkPage('service-gaps');
    } finally {
      await worker.close();
    }
  });

  it('a record not confirmed within its policy says so, with the day it was last confirmed; a verification takes the note away', async () => {
    const worker = await startWorker();
    try {
      const sapporo = await tokenFor(t, 'municipality', '011002');
      const service = await createService(t, sapporo, '011002', {
        name: unique('テスト 古い記録'),
        category: 'information',
        audiences: ['general'],
        lifeCritical: false,
        handlesPersonalData: false,
        lineHours: { type: 'always' },
      });
      // Created 200 days ago and last confirmed 100 days ago: past the 90 days its policy allows.
      await t.db.query(
        `UPDATE line_services SET created_at = now() - interval '200 days', last_verified_at = now() - interval '100 days', last_verified_by = 'test: aged' WHERE id = $1`,
        [service.id],
      );
      const [{ last_verified_at: lastVerifiedAt }] = await t.db.query(`SELECT last_verified_at FROM line_services WHERE id = $1`, [service.id]);
      const stale = (state: string) => async () => (await gapsOf(service.id)).find((g) => g.kind === 'stale_record' && g.state === state);
      await worker.engine.sweep();
      await waitFor(stale('open'), 10_000);

      const { page } = visitor;
      await visit(page, `/services/${service.id}`);
      expect(await text(page.locator('.verified'))).toBe(`最終確認日: ${tokyoDateJa(lastVerifiedAt)}`);
      expect(await text(page.locator('.stale strong'))).toBe('情報が古い可能性があります。');
      await checkPage('service-stale');

      const verified = await request(t.http).post(`/v1/services/${service.id}/verifications`).set(bearer(sapporo)).send({ method: 'phone_call' }).expect(201);
      await waitFor(stale('resolved'), 10_000);
      await visit(page, `/services/${service.id}`);
      expect(await page.locator('.stale').count()).toBe(0);
      expect(await text(page.locator('.verified'))).toBe(`最終確認日: ${tokyoDateJa(verified.body.verifiedAt)}`);
      expect(visitor.problems).toEqual([]);
    } finally {
      await worker.close();
    }
  });

  it('a place page shows a service\'s public notice, and an organisation\'s nationwide service as a 民間団体\'s', async () => {
    const sapporo = await tokenFor(t, 'municipality', '011002');
    const notice = 'LINE相談はしばらくお休みします。お電話かメールでご相談ください';
    const noticed = await createService(t, sapporo, '011002', { name: unique('テスト お知らせのある相談'), lineHours: { type: 'always' }, publicNotice: notice });
    const api = await request(t.http).get('/v1/availability').query({ localGovernment: '011011', view: 'full', limit: 1000 }).expect(200);
    type Listed = { id: string; name: string; level: string; publicNotice: string | null; somethingOpen: boolean; status: string };
    const listed = (api.body.services as Listed[]);
    expect(listed.find((s) => s.id === noticed.id)).toEqual(expect.objectContaining({ publicNotice: notice }));
    // The seed's 「ユキサキチャット」 (D×P, nationwide): availability lists it for 札幌市中央区 with the level organization.
    const yukisaki = listed.find((s) => s.name === 'ユキサキチャット')!;
    expect(yukisaki).toEqual(expect.objectContaining({ level: 'organization', status: 'active' }));

    const { page } = visitor;
    await visit(page, '/places/011011');
    const card = page.locator('article', { hasText: noticed.name });
    expect(await text(card.locator('.card-notice'))).toBe(`お知らせ ${notice}`);
    // In the group availability's answer puts it in (active, hours unknown: usable), with a level a person reads.
    const group = yukisaki.somethingOpen ? 'g-open' : 'g-later';
    const organisation = page.locator(`section[aria-labelledby="${group}"] article`, { hasText: 'ユキサキチャット' });
    expect(await text(organisation.locator('.meta'))).toMatch(/^D×P（民間団体）・相談/);
    expect(await text(organisation.locator('.state').first())).toBe('LINE: 稼働中・受付時間は未確認');
    expect(await text(page.locator('main'))).not.toMatch(/organization/);
    await checkPage('place-notice-organisation');

    await Promise.all([page.waitForURL(`**/services/${yukisaki.id}`), organisation.locator('h3 a').click()]);
    expect(await text(page.locator('main > .meta'))).toMatch(/^D×P（民間団体）/);
    expect(await page.locator('.crumbs li').count()).toBe(2);
    expect(visitor.problems).toEqual([]);
  });

  it('a prefecture lists its municipalities', async () => {
    const { page } = visitor;
    await visit(page, '/places/01');
    expect(page.url()).toBe(`${baseURL}/places/010006`);
    expect(await text(page.locator('h1'))).toBe('北海道で いま つながる窓口');
    expect(await text(page.locator('#munis + ul.places a[href="/places/011011"]'))).toBe('札幌市中央区');
    await checkPage('prefecture');
  });

  it('works without JavaScript: search, choose, change the time', async () => {
    const noScript = await newVisitor(browser, baseURL, { javaScriptEnabled: false });
    try {
      const { page } = noScript;
      await visit(page, '/');
      await page.fill('input[name=q]', 'ちゅうおうく');
      await Promise.all([page.waitForURL(/\?q=/), page.click('form.search button')]);
      await Promise.all([page.waitForURL('**/places/011011'), page.click('a[href="/places/011011"]')]);
      await page.fill('input[name=date]', holiday.date);
      await page.fill('input[name=time]', '12:00');
      await Promise.all([page.waitForURL(/date=/), page.click('form.filters button')]);
      expect(await text(page.locator('.when'))).toContain(holiday.name);
      expect(noScript.problems).toEqual([]);
    } finally {
      await noScript.context.close();
    }
  });

  it('answers bad input and unknown places with Japanese pages, and keeps the API\'s JSON', async () => {
    const { page } = visitor;
    await visit(page, '/places/011010', 400);
    expect(await text(page.locator('h1'))).toBe('入力を確かめてください');
    expect(await text(page.locator('main li'))).toContain('地域コード');
    await visit(page, '/places/011011?date=2026-02-30', 400);
    expect(await text(page.locator('main li'))).toBe('日付: 暦にない日付です');
    await visit(page, '/places/011011?audience=cats', 400);
    await visit(page, '/services/00000000-0000-4000-8000-000000000000', 404);
    expect(await text(page.locator('h1'))).toBe('ページが見つかりません');
    await checkPage('not-found');
    const api = await request(t.http).get('/v1/services/00000000-0000-4000-8000-000000000000').expect(404);
    expect(api.headers['content-type']).toMatch(/application\/json/);
  });

  it('sends a strict Content-Security-Policy with the pages, a long-cached style sheet, and leaves /docs working', async () => {
    const page = await request(t.http).get('/places/011011').expect(200);
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(page.headers['cache-control']).toBe('no-cache');
    const css = /href="(\/assets\/pages\.[0-9a-f]+\.css)"/.exec(page.text)![1];
    const sheet = await request(t.http).get(css).expect(200);
    expect(sheet.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const docs = await request(t.http).get('/docs/').expect(200);
    expect(docs.headers['content-security-policy']).toBeUndefined();
  });

  it('shows a change made through the API on the next load', async () => {
    const sapporo = await tokenFor(t, 'municipality', '011002');
    const renamed = unique('テスト 改名後');
    await request(t.http).patch(`/v1/services/${daily.id}`).set(bearer(sapporo)).send({ name: renamed }).expect(200);
    const page = await request(t.http).get('/places/011011').expect(200);
    expect(page.text).toContain(renamed);
    daily = { ...daily, name: renamed };
  });
});
