/**
 * The pages' Eta templates, named (`@name`) and compiled once at start (render.ts). Kept as
 * strings in TypeScript so that the build, the tests and the image carry them with the
 * code. `<%= %>` escapes (autoEscape, kept on); `<%~ %>` is only for other templates'
 * output. No inline style or script: the Content-Security-Policy allows neither.
 */
export const TEMPLATES: Record<string, string> = {
  '@layout': `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title><%= it.title %>｜LINE相談 継続状況トラッカー</title>
<link rel="stylesheet" href="<%= it.css %>">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">本文へ移動</a>
<header class="site"><a class="brand" href="/">LINE相談 継続状況トラッカー</a><% if (it.session) { %><%~ include('@session-bar', it.session) %><% } %></header>
<main id="main">
<%~ it.body %>
</main>
<footer class="site">
<p>LINEで受け付けていた公的な相談・手続きと、その代わりの窓口をまとめています。掲載内容は各自治体・省庁の公表資料にもとづきます。</p>
<p>命に危険がある、いますぐ助けが必要なときは、110番（警察）・119番（消防・救急）へ。</p>
<p><a href="/docs">データのAPI（開発者向け）</a>・<a href="/signin">担当者のサインイン（国・都道府県）</a></p>
</footer>
</body>
</html>`,

  '@crumbs': `<nav class="crumbs" aria-label="現在地"><ol><li><a href="/">トップ</a></li><% for (const c of it.links) { %><li><a href="/places/<%= c.code %>"><%= c.name %></a></li><% } %><li aria-current="page"><%= it.here %></li></ol></nav>`,

  '@places': `<ul class="places"><% for (const p of it.items) { %><li<% if (p.ward) { %> class="ward"<% } %>><a href="/places/<%= p.code %>"><%= p.name %></a></li><% } %></ul>`,

  '@channel': `<li class="<%= it.tone %>">
<p><strong><%= it.kind %></strong><% if (it.label) { %> <%= it.label %><% } %><% if (it.platform) { %>（<%= it.platform %>）<% } %><% if (it.validity) { %> <span class="note"><%= it.validity %></span><% } %></p>
<p class="contact"><% if (it.contact.href) { %><a href="<%= it.contact.href %>"><%= it.contact.text %></a><% } else if (it.contact.known) { %><%= it.contact.text %><% } else { %><span class="unknown-contact"><%= it.contact.text %></span><% } %></p>
<p class="state"><%= it.state %></p>
<% if (it.hours.length) { %><ul class="hours"><% for (const line of it.hours) { %><li><%= line %></li><% } %></ul><% } %>
<% if (it.notes) { %><p class="note"><%= it.notes %></p><% } %>
</li>`,

  '@line': `<p class="state <%= it.tone %>">LINE: <%= it.text %></p>
<% if (it.reason) { %><p>理由: <%= it.reason %></p><% } %>
<% if (it.sourceUrl) { %><p class="note"><a href="<%= it.sourceUrl %>">公表資料</a></p><% } %>
<% if (it.hours) { %><p class="note">LINEの受付時間: <%= it.hours.join(' ／ ') %></p><% } %>`,

  '@card': `<article class="service <%= it.line.tone %>">
<h3><a href="/services/<%= it.id %>"><%= it.name %></a></h3>
<p class="meta"><%= it.operatorName %>（<%= it.level %>）・<%= it.category %><% if (it.lifeCritical) { %>・<strong>いのちに関わる相談</strong><% } %></p>
<% if (it.notice) { %><p class="card-notice"><strong>お知らせ</strong> <%= it.notice %></p><% } %>
<%~ include('@line', it.line) %>
<% if (it.channels.length) { %><ul class="channels" aria-label="代わりの窓口"><% for (const c of it.channels) { %><%~ include('@channel', c) %><% } %></ul><% } else { %><p class="note">代わりの窓口は登録されていません。</p><% } %>
</article>`,

  '@home': `<% layout('@layout') %>
<h1>地域から、いま つながる相談窓口を探す</h1>
<form class="search" method="get" action="/" role="search">
<label for="q">市区町村名（漢字・ひらがな・カタカナ）</label>
<div class="row"><input id="q" type="search" name="q" value="<%= it.q %>" placeholder="例: 札幌、さっぽろ、サッポロ" maxlength="100"><button type="submit">探す</button></div>
</form>
<% if (it.results) { %>
<section aria-labelledby="results"><h2 id="results">「<%= it.q %>」の検索結果 <span class="count"><%= it.results.items.length %><% if (it.results.more) { %>件以上<% } else { %>件<% } %></span></h2>
<% if (it.results.items.length) { %><%~ include('@places', { items: it.results.items }) %><% } else { %><p>見つかりませんでした。ほかの書き方（ひらがな・漢字）でもお試しください。</p><% } %>
<% if (it.results.more) { %><p class="note">多すぎるため一部だけ表示しています。もう少し詳しく入力してください。</p><% } %>
</section>
<% } %>
<section aria-labelledby="prefs"><h2 id="prefs">都道府県から探す</h2>
<%~ include('@places', { items: it.prefectures }) %>
</section>
<section aria-labelledby="national"><h2 id="national">いま開いている国の窓口</h2>
<p class="when"><%= it.national.at %> 時点</p>
<% if (it.national.cards.length) { %><% for (const card of it.national.cards) { %><%~ include('@card', card) %><% } %><% } else { %><p>いま開いている国の窓口はありません。</p><% } %>
</section>`,

  '@place': `<% layout('@layout') %>
<%~ include('@crumbs', { links: it.prefecture ? [it.prefecture] : [], here: it.place.name }) %>
<h1><%= it.title %></h1>
<p class="when"><%= it.when %> 時点<% if (it.holiday) { %>（祝日: <%= it.holiday %>）<% } %>・<%= it.total %>件<% if (it.shown < it.total) { %>のうち<%= it.shown %>件を表示<% } %></p>
<form class="filters" method="get" action="/places/<%= it.place.code %>">
<div class="row">
<label>日付（空欄なら今日）<br><input type="date" name="date" value="<%= it.form.date %>"></label>
<label>時刻（空欄なら今）<br><input type="time" name="time" value="<%= it.form.time %>"></label>
<label>対象<br><select name="audience"><option value="">すべて</option><% for (const o of it.audiences) { %><option value="<%= o.value %>"<% if (o.selected) { %> selected<% } %>><%= o.label %></option><% } %></select></label>
<label>分類<br><select name="category"><option value="">すべて</option><% for (const o of it.categories) { %><option value="<%= o.value %>"<% if (o.selected) { %> selected<% } %>><%= o.label %></option><% } %></select></label>
<button type="submit">表示する</button>
</div>
<% if (it.chosen) { %><p><a href="<%= it.now %>">今の時刻で見る</a></p><% } %>
</form>
<% for (const g of it.groups) { %>
<section aria-labelledby="g-<%= g.id %>"><h2 id="g-<%= g.id %>"><%= g.title %> <span class="count"><%= g.cards.length %>件</span></h2>
<% if (g.cards.length) { %><p class="note"><%= g.note %></p><% for (const card of g.cards) { %><%~ include('@card', card) %><% } %><% } else { %><p class="note">ありません。</p><% } %>
</section>
<% } %>
<% if (it.next) { %><p class="pager"><a href="<%= it.next %>">つづきを表示</a></p><% } %>
<% if (it.municipalities.length) { %><section aria-labelledby="munis"><h2 id="munis"><%= it.place.name %>の市区町村</h2><%~ include('@places', { items: it.municipalities }) %></section><% } %>`,

  '@service': `<% layout('@layout') %>
<%~ include('@crumbs', { links: it.service.operatorLink ? [it.service.operatorLink] : [], here: it.service.name }) %>
<h1><%= it.service.name %></h1>
<p class="meta"><%= it.service.operatorName %>（<%= it.service.level %>）<% if (it.service.department) { %> <%= it.service.department %><% } %>・<%= it.service.category %><% if (it.service.audiences) { %>・対象: <%= it.service.audiences %><% } %><% if (it.service.lifeCritical) { %>・<strong>いのちに関わる相談</strong><% } %></p>
<% if (it.record.successor) { %><p class="successor"><strong>後継のサービス</strong> <a href="/services/<%= it.record.successor.id %>"><%= it.record.successor.name %></a><% if (it.record.successor.prominent) { %><br><span class="note">このサービスの代わりに、こちらをご利用ください。</span><% } %></p><% } %>
<% if (it.record.notice) { %><section class="public-notice" aria-labelledby="notice"><h2 id="notice">お知らせ</h2><p><%= it.record.notice %></p></section><% } %>
<p class="verified">最終確認日: <% if (it.record.verified) { %><%= it.record.verified.date %><% } else { %>確認の記録はありません<% } %></p>
<% if (it.record.stale) { %><p class="stale"><strong>情報が古い可能性があります。</strong>この記録は、決められた期間を過ぎても確認されていません。ご利用の前に、運営元の案内ページや電話で確かめてください。</p><% } %>
<% if (it.service.description) { %><p><%= it.service.description %></p><% } %>
<% if (it.service.url) { %><p><a href="<%= it.service.url %>">案内ページ</a></p><% } %>
<section aria-labelledby="now"><h2 id="now">いまの状態</h2>
<p class="when"><%= it.when %> 時点</p>
<div class="service <%= it.line.tone %>"><%~ include('@line', it.line) %></div>
</section>
<section aria-labelledby="channels"><h2 id="channels">代わりの窓口</h2>
<% if (it.channels.length) { %><ul class="channels"><% for (const c of it.channels) { %><%~ include('@channel', c) %><% } %></ul><% } else { %><p>代わりの窓口は登録されていません。</p><% } %>
</section>
<% if (it.record.transition) { %><section aria-labelledby="transition"><h2 id="transition">移行の予定</h2>
<dl class="facts"><dt>移行先</dt><dd><%= it.record.transition.to %></dd>
<dt>切替予定日</dt><dd><%= it.record.transition.switchOn || '未定' %></dd>
<dt>停止予定日</dt><dd><%= it.record.transition.stopOn || '未定' %></dd></dl>
<% if (it.record.transition.stopBeforeSwitch) { %><p class="warning">切り替えの前にLINEが止まる予定です。その間の連絡先を確かめてください。</p><% } %>
</section><% } %>
<section aria-labelledby="data"><h2 id="data">データの取扱い</h2>
<dl class="facts"><dt>個人情報の取扱い</dt><dd><%= it.record.dataHandling.personal %></dd>
<dt>機密情報の取扱い</dt><dd><%= it.record.dataHandling.confidential %></dd>
<dt>会話データの保存先</dt><dd><%= it.record.dataHandling.storage %></dd></dl>
</section>
<section aria-labelledby="timeline"><h2 id="timeline">状態の記録</h2>
<div class="scroll"><table><caption class="note">新しい順</caption><thead><tr><th scope="col">日付</th><th scope="col">状態</th><th scope="col">理由・出典</th></tr></thead><tbody>
<% for (const t of it.timeline) { %><tr><td><%= t.date %></td><td><%= t.status %><% if (t.state) { %>（<%= t.state %>）<% } %></td><td><%= t.reason || '' %><% if (t.sourceUrl) { %><br><% if (t.sourceLinkable) { %><a href="<%= t.sourceUrl %>">出典</a><% } else { %><%= t.sourceUrl %><% } %><% } %></td></tr><% } %>
</tbody></table></div>
</section>
<section aria-labelledby="gaps"><h2 id="gaps">つながらなかった期間の記録</h2>
<% if (it.gaps.length) { %><ul class="gaps"><% for (const g of it.gaps) { %><li class="<%= g.open ? 'stopped' : 'closed' %>">
<p class="state"><%= g.kind %>（深刻度: <%= g.severity %>）<% if (g.open) { %>・継続中<% } %></p>
<p><%= g.openedAt %>から <%= g.duration %></p>
<p><% if (g.open) { %>未解消<% } else { %>解消: <%= g.resolvedAt %>・<%= g.resolution %><% } %></p>
</li><% } %></ul><% } else { %><p>記録はありません。</p><% } %>
</section>`,

  '@error': `<% layout('@layout') %>
<h1><%= it.title %></h1>
<p><%= it.message %></p>
<% if (it.details.length) { %><ul><% for (const d of it.details) { %><li><%= d %></li><% } %></ul><% } %>
<p><a href="/">トップページへ</a></p>
<p class="note">問い合わせ番号: <%= it.requestId %></p>`,
};
