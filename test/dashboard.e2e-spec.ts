import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { bearer, createService, startApp, TestApp, unique } from './support/app';
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, newVisitor, screenshots, serveApp, signIn, text, visit, Visitor } from './support/browser';
import { today } from './support/calendar';
import { startWorker, TestWorker, waitFor } from './support/worker';

interface Gap {
  serviceId: string;
  prefectureCode: string | null;
  severity: string;
}

/**
 * The signed-in pages in headless Chromium, as ministry and prefecture staff would use
 * them: sign in with a token through the form, see the national picture (47 tiles whose
 * counts are /v1/gaps'), the timeline (today's, and the spring of 2021 replayed from the
 * history, equal to the reports' figures as of each day), a prefecture's page, the queue
 * dashboard; be refused what is not theirs; sign out. The session's cookie, CSRF and the
 * token's whereabouts are checked from the browser's side.
 */
describe('signed-in pages (browser)', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser;
  let worker: TestWorker;
  let ministry: { id: string; token: string };
  let osaka: { id: string; token: string };
  let npo: { id: string; token: string };
  const created: Record<string, { id: string; name: string }> = {};
  const visitors: Visitor[] = [];

  /** Every open no_alternative gap, by the API, all pages. */
  async function apiGaps(prefecture?: string): Promise<Gap[]> {
    const items: Gap[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(t.http)
        .get('/v1/gaps')
        .set(bearer(ministry.token))
        .query({ state: 'open', kind: 'no_alternative', limit: 500, ...(prefecture ? { prefecture } : {}), ...(cursor ? { cursor } : {}) })
        .expect(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  const countBy = (gaps: Gap[], key: (g: Gap) => string) => gaps.reduce<Record<string, number>>((acc, g) => ({ ...acc, [key(g)]: (acc[key(g)] ?? 0) + 1 }), {});

  /**
   * Other suites write gaps at the same time: the page and the API are read again until
   * both are read with nothing changing in between (a real disagreement never settles).
   */
  async function settled<T>(read: () => Promise<{ page: T; api: T }>): Promise<{ page: T; api: T }> {
    let last = await read();
    for (let retry = 0; retry < 4 && JSON.stringify(last.page) !== JSON.stringify(last.api); retry++) last = await read();
    return last;
  }

  beforeAll(async () => {
    ({ t, baseURL } = await serveApp());
    browser = await launchBrowser();
    worker = await startWorker();
    [ministry, osaka, npo] = await Promise.all([t.tokens.issue('ministry', undefined, unique('dash ministry')), t.tokens.issue('prefecture', '27', unique('dash osaka')), t.tokens.issue('npo', undefined, unique('dash npo'))]);
    const [osakaWriter, tokyoWriter, hokkaidoWriter] = await Promise.all([
      t.tokens.issue('prefecture', '27', unique('dash writer')),
      t.tokens.issue('prefecture', '13', unique('dash writer')),
      t.tokens.issue('prefecture', '01', unique('dash writer')),
    ]);
    const since = new Date(Date.now() - 3600_000).toISOString();
    // Stopped today, no alternative, in three prefectures: critical (children's consultation), medium, high.
    created.osaka = await createService(t, osakaWriter.token, '271004', { name: unique('<b>テスト</b> 子ども相談'), audiences: ['children'], initialStatus: { status: 'suspended', effectiveAt: since, reason: 'テスト' } });
    created.tokyo = await createService(t, tokyoWriter.token, '130001', { name: unique('テスト お知らせ'), category: 'information', audiences: ['general'], handlesPersonalData: false, initialStatus: { status: 'suspended', effectiveAt: since } });
    created.hokkaido = await createService(t, hokkaidoWriter.token, '010006', { name: unique('テスト 相談'), audiences: ['adults'], initialStatus: { status: 'suspended', effectiveAt: since } });
    // The spring of 2021: stopped on 20 March with a phone line from 10 April; active, then discontinued on 25 March.
    created.spring = await createService(t, osakaWriter.token, '270008', { name: unique('テスト 2021年の停止'), initialStatus: { status: 'active', effectiveAt: '2021-02-01T09:00:00+09:00' } });
    await request(t.http).post(`/v1/services/${created.spring.id}/status-changes`).set(bearer(osakaWriter.token)).send({ status: 'suspended', effectiveAt: '2021-03-20T12:00:00+09:00', reason: 'テスト' }).expect(201);
    await request(t.http)
      .post(`/v1/services/${created.spring.id}/fallback-channels`)
      .set(bearer(osakaWriter.token))
      .send({ kind: 'phone', label: '電話', contact: '06-0000-0000', validFrom: '2021-04-10T00:00:00+09:00' })
      .expect(201);
    created.ended = await createService(t, tokyoWriter.token, '130001', { name: unique('テスト 2021年の廃止'), initialStatus: { status: 'active', effectiveAt: '2021-03-01T00:00:00+09:00' } });
    await request(t.http).post(`/v1/services/${created.ended.id}/status-changes`).set(bearer(tokyoWriter.token)).send({ status: 'discontinued', effectiveAt: '2021-03-25T00:00:00+09:00' }).expect(201);
    // The worker opens the gaps of today's three.
    await waitFor(async () => {
      const open = new Set((await apiGaps()).map((g) => g.serviceId));
      return ['osaka', 'tokyo', 'hokkaido'].every((k) => open.has(created[k].id)) ? true : undefined;
    }, 10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  async function visitor(width?: number): Promise<Visitor> {
    const v = await newVisitor(browser, baseURL, { width });
    visitors.push(v);
    return v;
  }

  afterEach(async () => {
    await Promise.all(visitors.splice(0).map((v) => v.context.close()));
  });

  /** What every signed-in page must be: Japanese, accessible, no wider than a phone, never stored, photographed. */
  async function checkPage(v: Visitor, name: string): Promise<void> {
    expect(await v.page.getAttribute('html', 'lang')).toBe('ja');
    await expectNoHorizontalScroll(v.page);
    await expectAccessible(v.page);
    await screenshots(v.page, name);
    expect(v.problems).toEqual([]);
  }

  const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === 'lt_session');

  it('signs the ministry in through the form: an HttpOnly, SameSite=Strict cookie, the token nowhere else', async () => {
    const v = await visitor();
    const urls: string[] = [];
    v.page.on('request', (r) => urls.push(r.url()));
    await visit(v.page, '/signin');
    await checkPage(v, 'signin');
    await signIn(v.page, ministry.token);
    expect(v.page.url()).toBe(`${baseURL}/dashboard`);
    expect(await text(v.page.locator('header .session strong'))).toBe('国（省庁）');

    const cookie = await sessionCookie(v.context);
    expect(cookie).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false }));
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hours = (cookie!.expires * 1000 - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    expect(cookie!.value).not.toContain(ministry.token);

    await visit(v.page, '/dashboard?from=2021-03-01&to=2021-04-30');
    await visit(v.page, '/dashboard/prefectures/27');
    expect(urls.length).toBeGreaterThan(3);
    expect(urls.filter((u) => u.includes(ministry.token))).toEqual([]);
    const storage = (await v.page.evaluate('JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])')) as string;
    expect(storage).toBe('[[],[],""]');
    expect(await v.page.content()).not.toContain(ministry.token);
    // Only the session's id is kept: no row holds the token or the id itself.
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM page_sessions WHERE session_hash = encode(sha256($1::bytea), 'hex') AND token_id = $2`, [cookie!.value, ministry.id]);
    expect(row.n).toBe(1);
  });

  it('shows 47 tiles whose counts are /v1/gaps\' open no_alternative gaps per prefecture, coloured by the most severe', async () => {
    const v = await visitor();
    await signIn(v.page, ministry.token);
    const { page: onPage, api } = await settled(async () => {
      await visit(v.page, '/dashboard');
      const tiles = v.page.locator('svg a.tile');
      const counts: Record<string, number> = {};
      for (const tile of await tiles.all()) {
        const code = (await tile.getAttribute('href'))!.replace('/dashboard/prefectures/', '');
        counts[code] = Number(await text(tile.locator('text.n')));
      }
      const gaps = await apiGaps();
      const byPrefecture = countBy(gaps.filter((g) => g.prefectureCode !== null), (g) => g.prefectureCode!);
      const expected = Object.fromEntries(Object.keys(counts).map((code) => [code, byPrefecture[code] ?? 0]));
      return { page: counts, api: expected };
    });
    expect(Object.keys(onPage)).toHaveLength(47);
    expect(onPage).toEqual(api);
    for (const code of ['27', '13', '01']) expect(onPage[code]).toBeGreaterThanOrEqual(1);
    expect(await v.page.getAttribute('a.tile[href="/dashboard/prefectures/27"]', 'class')).toBe('tile critical');
    expect(await v.page.getAttribute('a.tile[href="/dashboard/prefectures/27"]', 'aria-label')).toMatch(/^大阪 \d+ 件（大阪府、代替手段のない停止。最も重いもの: 重大）$/);
    // The table beside the map says the same, row by row.
    for (const code of ['27', '13', '01']) {
      expect(Number(await text(v.page.locator(`table.prefecture-table tr[data-code="${code}"] td`).last()))).toBe(onPage[code]);
    }
    // Organisations' services are in no prefecture: a row of their own, after the national bodies'.
    expect(await text(v.page.locator('table.prefecture-table tr[data-code="organizations"] th'))).toBe('民間団体');
    // The open gaps, most severe first, each a link to its service; stored markup is text.
    const link = v.page.locator(`table.gaps-table a[href="/services/${created.osaka.id}"]`);
    expect(await text(link)).toBe(created.osaka.name);
    expect(await text(v.page.locator('table.gaps-table tbody tr').first().locator('td').first())).toBe('重大');
    await checkPage(v, 'dashboard');
  });

  it('the timeline counts today\'s stops, and equals the national report as of the end of each day of the spring of 2021', async () => {
    const v = await visitor();
    await signIn(v.page, ministry.token);
    await visit(v.page, '/dashboard');
    const rows = v.page.locator('table.timeline-table tbody tr');
    expect(await rows.count()).toBe(90);
    const [y, m, d] = today().split('-').map(Number);
    expect(await text(rows.last().locator('td').first())).toMatch(new RegExp(`^${y}年${m}月${d}日`));
    expect(Number(await text(rows.last().locator('td').last()))).toBeGreaterThanOrEqual(3);
    // Today is now: the history's answer is the open no_alternative gaps the engine keeps (/v1/gaps).
    const { page: todayOnPage, api: openNow } = await settled(async () => {
      await visit(v.page, '/dashboard');
      return { page: Number(await text(rows.last().locator('td').last())), api: (await apiGaps()).length };
    });
    expect(todayOnPage).toBe(openNow);

    await Promise.all([v.page.waitForURL(/from=2021-03-01&to=2021-04-30/), v.page.click('a:has-text("2021年春")')]);
    expect(await rows.count()).toBe(61);
    expect(await v.page.locator('svg[aria-labelledby="timeline-title timeline-desc"] path.area').count()).toBe(1);
    const onPage = new Map<string, number>();
    for (const row of await rows.all()) onPage.set(await text(row.locator('td').first()), Number(await text(row.locator('td').last())));
    // One definition: the same days as the reports reconstruct them (the gap rules as of a past instant).
    const days = ['2021-03-01', '2021-03-19', '2021-03-20', '2021-03-24', '2021-03-25', '2021-04-09', '2021-04-10', '2021-04-30'];
    for (const day of days) {
      const report = (await request(t.http).get('/v1/reports/national').set(bearer(ministry.token)).query({ asOf: `${day}T23:59:59.999+09:00` }).expect(200)).body.total;
      const expected = report.noAlternativeCritical + report.noAlternativeHigh + report.noAlternativeMedium + report.noAlternativeLow;
      const [yy, mm, dd] = day.split('-').map(Number);
      const label = [...onPage.keys()].find((k) => k.startsWith(`${yy}年${mm}月${dd}日`))!;
      expect({ day, n: onPage.get(label) }).toEqual({ day, n: expected });
    }
    // The spring service counts from 20 March until its phone line on 10 April; the discontinued one from 25 March (at 0:00).
    const at = (day: string) => [...onPage.entries()].find(([k]) => k.startsWith(day))![1];
    expect(at('2021年3月20日') - at('2021年3月19日')).toBeGreaterThanOrEqual(1);
    expect(at('2021年3月25日') - at('2021年3月24日')).toBeGreaterThanOrEqual(1);
    expect(at('2021年4月9日') - at('2021年4月10日')).toBeGreaterThanOrEqual(1);
    await checkPage(v, 'dashboard-2021');
  });

  it('refuses a period that is not one, naming the field', async () => {
    const v = await visitor();
    await signIn(v.page, ministry.token);
    await visit(v.page, '/dashboard?from=2021-02-30', 400);
    expect(await text(v.page.locator('main li'))).toBe('開始日: 暦にない日付です');
    await visit(v.page, '/dashboard?from=2021-05-01&to=2021-04-01', 400);
    expect(await text(v.page.locator('main li'))).toBe('開始日: 終了日より前の日付で指定してください');
  });

  it('serves the national report under the session, as the API does', async () => {
    const v = await visitor();
    await signIn(v.page, ministry.token);
    await visit(v.page, '/dashboard');
    const [download] = await Promise.all([v.page.waitForEvent('download'), v.page.click('a[href="/dashboard/report.xlsx"]')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    // The same rows (the title line's generation time aside). Other suites write to the same database
    // meanwhile: the two are read again until no write fell between them (a few tries at most).
    let rows: { page: string[]; api: string[] } = { page: [], api: [] };
    for (let attempt = 0; attempt < 10; attempt++) {
      const csv = await v.page.request.get('/dashboard/report.csv');
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers()['cache-control']).toBe('no-store');
      const api = await request(t.http).get('/v1/reports/national').set(bearer(ministry.token)).query({ format: 'csv' }).expect(200);
      rows = { page: (await csv.text()).split('\n').slice(1, 50), api: api.text.split('\n').slice(1, 50) };
      if (JSON.stringify(rows.page) === JSON.stringify(rows.api)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(rows.page).toEqual(rows.api);
  });

  it('opens the queue dashboard for a ministry session, linked from the dashboard', async () => {
    const v = await visitor(1280);
    await signIn(v.page, ministry.token);
    await Promise.all([v.page.waitForURL('**/admin/queues**'), v.page.click('a[href="/admin/queues"]')]);
    await v.page.waitForSelector('text=evaluation', { timeout: 10_000 }).catch(() => undefined);
    expect(await v.page.title()).toMatch(/Bull/i);
    expect(v.problems.filter((p) => p.includes('Content Security Policy'))).toEqual([]);
    // Scripts keep their header; no header and no session is still a 401.
    await request(t.http).get('/admin/queues').set(bearer(ministry.token)).expect(200);
    await request(t.http).get('/admin/queues').expect(401);
  });

  it('a prefecture sees its own prefecture, and is refused another\'s, the national page\'s and the queue dashboard', async () => {
    const v = await visitor();
    await signIn(v.page, osaka.token);
    expect(v.page.url()).toBe(`${baseURL}/dashboard/prefectures/27`);
    expect(await text(v.page.locator('header .session strong'))).toBe('大阪府（都道府県）');
    expect(await text(v.page.locator('h1'))).toBe('大阪府の状況');
    const { page: onPage, api } = await settled(async () => {
      await visit(v.page, '/dashboard/prefectures/27');
      const total = Number(await text(v.page.locator('table.municipality-table tfoot td').nth(4)));
      return { page: total, api: (await apiGaps('27')).length };
    });
    expect(onPage).toBe(api);
    const city = v.page.locator('table.municipality-table tr[data-code="271004"]');
    expect(await text(city.locator('th'))).toBe('大阪市');
    expect(Number(await text(city.locator('td').first()))).toBeGreaterThanOrEqual(1);
    await checkPage(v, 'dashboard-prefecture');
    // Its timeline is its report's figures as of each day's end, too.
    await visit(v.page, '/dashboard/prefectures/27?from=2021-03-19&to=2021-03-20');
    const counts = await Promise.all((await v.page.locator('table.timeline-table tbody tr td.num').all()).map(async (cell) => Number(await text(cell))));
    const reported = [];
    for (const day of ['2021-03-19', '2021-03-20']) {
      const total = (await request(t.http).get('/v1/reports/prefectures/27').set(bearer(osaka.token)).query({ asOf: `${day}T23:59:59.999+09:00` }).expect(200)).body.total;
      reported.push(total.noAlternativeCritical + total.noAlternativeHigh + total.noAlternativeMedium + total.noAlternativeLow);
    }
    expect(counts).toEqual(reported);
    expect(counts[1] - counts[0]).toBeGreaterThanOrEqual(1);

    await visit(v.page, '/dashboard/prefectures/13', 403);
    expect(await text(v.page.locator('h1'))).toBe('このページは表示できません');
    await checkPage(v, 'dashboard-forbidden');
    await visit(v.page, '/dashboard');
    expect(v.page.url()).toBe(`${baseURL}/dashboard/prefectures/27`);
    expect((await v.page.request.get('/dashboard/prefectures/27/report.csv')).status()).toBe(200);
    expect((await v.page.request.get('/dashboard/prefectures/13/report.csv')).status()).toBe(403);
    expect((await v.page.request.get('/dashboard/report.csv')).status()).toBe(403);
    expect((await v.page.request.get('/admin/queues')).status()).toBe(403);
  });

  it('refuses a wrong token (401) and a municipality or NPO token, in Japanese', async () => {
    const v = await visitor();
    await visit(v.page, '/signin');
    await v.page.fill('input[name=token]', `lct_${'x'.repeat(43)}`);
    const wrong = await Promise.all([v.page.waitForResponse((r) => r.url().endsWith('/signin') && r.request().method() === 'POST'), v.page.click('form.signin button')]);
    expect(wrong[0].status()).toBe(401);
    expect(await text(v.page.locator('.error'))).toMatch(/^アクセストークンが正しくないか/);
    await checkPage(v, 'signin-wrong');
    await v.page.fill('input[name=token]', npo.token);
    const refused = await Promise.all([v.page.waitForResponse((r) => r.url().endsWith('/signin') && r.request().method() === 'POST'), v.page.click('form.signin button')]);
    expect(refused[0].status()).toBe(403);
    expect(await text(v.page.locator('.error'))).toContain('市区町村・支援団体のトークンではサインインできません');
    expect(await sessionCookie(v.context)).toBeUndefined();
  });

  it('sign-out ends the session: the old cookie no longer admits', async () => {
    const v = await visitor();
    await signIn(v.page, ministry.token);
    const cookie = (await sessionCookie(v.context))!.value;
    await Promise.all([v.page.waitForURL('**/signin?done=signed-out'), v.page.click('header .session button')]);
    expect(await text(v.page.locator('.notice'))).toBe('サインアウトしました。');
    expect(await sessionCookie(v.context)).toBeUndefined();
    await visit(v.page, '/dashboard');
    expect(v.page.url()).toBe(`${baseURL}/signin`);
    const replay = await request(t.http).get('/dashboard').set('Cookie', `lt_session=${cookie}`).expect(303);
    expect(replay.headers.location).toBe('/signin');
  });

  it('a revoked token\'s session is refused at the next request', async () => {
    const v = await visitor();
    const token = await t.tokens.issue('ministry', undefined, unique('dash revoked'));
    await signIn(v.page, token.token);
    expect(v.page.url()).toBe(`${baseURL}/dashboard`);
    expect(await t.tokens.revoke(token.id)).toBe(true);
    await visit(v.page, '/dashboard');
    expect(v.page.url()).toBe(`${baseURL}/signin`);
    expect((await v.page.request.get('/admin/queues', { headers: { Accept: 'application/json' } })).status()).toBe(401);
  });

  it('a token that expires ends its session at the next request', async () => {
    const v = await visitor();
    const token = await t.tokens.issue('ministry', undefined, unique('dash expiring'));
    await signIn(v.page, token.token);
    expect(v.page.url()).toBe(`${baseURL}/dashboard`);
    await t.db.query(`UPDATE access_tokens SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 second' WHERE id = $1`, [token.id]);
    await visit(v.page, '/dashboard');
    expect(v.page.url()).toBe(`${baseURL}/signin`);
  });

  it('an expired session is refused, and the next sign-in deletes every dead session at once', async () => {
    const v = await visitor();
    await signIn(v.page, ministry.token);
    const cookie = (await sessionCookie(v.context))!.value;
    const hash = (await t.db.query(`SELECT encode(sha256($1::bytea), 'hex') AS h`, [cookie]))[0].h;
    await t.db.query(`UPDATE page_sessions SET created_at = now() - interval '9 hours', expires_at = now() - interval '1 hour' WHERE session_hash = $1`, [hash]);
    await visit(v.page, '/dashboard');
    expect(v.page.url()).toBe(`${baseURL}/signin`);
    await signIn(v.page, ministry.token);
    const [left] = await t.db.query(`SELECT count(*)::int AS n FROM page_sessions WHERE session_hash = $1 OR expires_at <= now()`, [hash]);
    expect(left.n).toBe(0);
  });

  it('refuses a post without the CSRF token, or from another origin', async () => {
    const v = await visitor();
    await signIn(v.page, ministry.token);
    // Sign-out without the session's CSRF value: refused, and the session goes on.
    const bare = await v.page.request.post('/signout', { form: {}, maxRedirects: 0 });
    expect(bare.status()).toBe(403);
    const forged = await v.page.request.post('/signout', { form: { csrf: 'x'.repeat(43) }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    const csrf = (await v.page.getAttribute('header .session input[name=csrf]', 'value'))!;
    const elsewhere = await v.page.request.post('/signout', { form: { csrf }, headers: { Origin: 'https://evil.example' }, maxRedirects: 0 });
    expect(elsewhere.status()).toBe(403);
    await visit(v.page, '/dashboard');
    expect(v.page.url()).toBe(`${baseURL}/dashboard`);

    // Sign-in: without the form's cookie, or with another origin, a right token gets no session.
    const noCookie = await request(t.http).post('/signin').type('form').send({ token: ministry.token, csrf: 'x'.repeat(43) }).expect(403);
    expect(String(noCookie.headers['set-cookie'] ?? '')).not.toContain('lt_session=');
    const form = await request(t.http).get('/signin').expect(200);
    const signInCookie = (form.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lt_signin='))!.split(';')[0];
    const value = signInCookie.split('=')[1];
    await request(t.http).post('/signin').set('Cookie', signInCookie).set('Origin', 'https://evil.example').type('form').send({ token: ministry.token, csrf: value }).expect(403);
    const ok = await request(t.http).post('/signin').set('Cookie', signInCookie).type('form').send({ token: ministry.token, csrf: value }).expect(303);
    expect(ok.headers.location).toBe('/dashboard');
    expect(ok.headers['cache-control']).toBe('no-store');
  });

  it('works at 1280 px too, and without JavaScript', async () => {
    const wide = await visitor(1280);
    await signIn(wide.page, ministry.token);
    await expectNoHorizontalScroll(wide.page);
    expect(wide.problems).toEqual([]);
    const noScript = await newVisitor(browser, baseURL, { javaScriptEnabled: false });
    visitors.push(noScript);
    await signIn(noScript.page, osaka.token);
    expect(noScript.page.url()).toBe(`${baseURL}/dashboard/prefectures/27`);
    await Promise.all([noScript.page.waitForURL('**/signin?done=signed-out'), noScript.page.click('header .session button')]);
  });
});


describe('sign-in behind a TLS-terminating proxy, rate-limited like the API', () => {
  let t: TestApp;
  const saved = { limit: process.env.RATE_LIMIT_PER_MINUTE, prefix: process.env.QUEUE_PREFIX, proxy: process.env.TRUST_PROXY };

  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '3';
    // Counters of its own in Redis, so no other suite's requests count here.
    process.env.QUEUE_PREFIX = `lt-dash-rate-${process.pid}-${Date.now()}`;
    process.env.TRUST_PROXY = '1';
    resetAppConfig();
    t = await startApp();
  });

  afterAll(async () => {
    await t?.close();
    for (const [key, value] of [['RATE_LIMIT_PER_MINUTE', saved.limit], ['QUEUE_PREFIX', saved.prefix], ['TRUST_PROXY', saved.proxy]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetAppConfig();
  });

  it('sets Secure cookies when the request came over https, and checks the https origin', async () => {
    const https = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.20' };
    const form = await request(t.http).get('/signin').set(https).expect(200);
    const signInCookie = (form.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lt_signin='))!;
    expect(signInCookie).toMatch(/; Secure/);
    const [pair] = signInCookie.split(';');
    const token = (await t.tokens.issue('ministry', undefined, unique('dash https'))).token;
    const post = (origin: string) => request(t.http).post('/signin').set(https).set('Host', 'dash.example.jp').set('Origin', origin).set('Cookie', pair).type('form').send({ token, csrf: pair.split('=')[1] });
    await post('http://dash.example.jp').expect(403);
    const ok = await post('https://dash.example.jp').expect(303);
    const session = (ok.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('lt_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Max-Age=28800/);
  });

  it('answers guesses past the limit with 429, in Japanese', async () => {
    const guess = () => request(t.http).post('/signin').set('X-Forwarded-For', '203.0.113.21').type('form').send({ token: `lct_${'y'.repeat(43)}`, csrf: 'z'.repeat(43) });
    for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(403);
    const limited = await guess().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('アクセスが集中しています');
  });
});
