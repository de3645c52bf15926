/**
 * The signed-in pages' templates (sign-in, the national picture, a prefecture's), in the
 * public pages' layout (templates.ts) and registered on the same renderer. As there: `<%= %>`
 * escapes, no inline style or script; the charts are SVG drawn here, with their numbers
 * in tables beside them.
 */
export const DASHBOARD_TEMPLATES: Record<string, string> = {
  '@session-bar': `<div class="session"><p>サインイン中: <strong><%= it.who %></strong> <span class="note"><%= it.name %></span></p>
<form method="post" action="/signout"><input type="hidden" name="csrf" value="<%= it.csrf %>"><button type="submit">サインアウト</button></form></div>`,

  '@signin': `<% layout('@layout') %>
<h1>担当者のサインイン</h1>
<p>国（省庁）と都道府県のご担当の方は、発行されたアクセストークンを貼り付けてサインインしてください。全国または都道府県の状況を確認できます。</p>
<% if (it.notice) { %><p class="notice" role="status"><%= it.notice %></p><% } %>
<% if (it.error) { %><div class="error" role="alert"><p><%= it.error %></p></div><% } %>
<form class="signin" method="post" action="/signin">
<input type="hidden" name="csrf" value="<%= it.csrf %>">
<label for="token">アクセストークン</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required maxlength="200"<% if (it.error) { %> aria-invalid="true"<% } %>>
<button type="submit">サインイン</button>
</form>
<p class="note">トークンはサインインのときにだけ使います。ブラウザには保存されず、サインインは<%= it.hours %>時間で切れます。共用のパソコンでは、終わったら必ずサインアウトしてください。</p>
<p class="note">市区町村・支援団体の方は、<a href="/">窓口の検索</a>またはデータのAPIをご利用ください。</p>`,

  '@counts-row': `<td class="num"><%= it.critical %></td><td class="num"><%= it.high %></td><td class="num"><%= it.medium %></td><td class="num"><%= it.low %></td><td class="num"><strong><%= it.total %></strong></td>`,

  '@counts-head': `<th scope="col">重大</th><th scope="col">高</th><th scope="col">中</th><th scope="col">低</th><th scope="col">計</th>`,

  '@timeline': `<section aria-labelledby="timeline"><h2 id="timeline">停止の推移</h2>
<p><%= it.title %></p>
<form class="filters period" method="get" action="<%= it.form.action %>">
<div class="row">
<label>開始日<br><input type="date" name="from" value="<%= it.form.from %>" min="<%= it.form.min %>" max="<%= it.form.max %>"></label>
<label>終了日<br><input type="date" name="to" value="<%= it.form.to %>" min="<%= it.form.min %>" max="<%= it.form.max %>"></label>
<button type="submit">表示する</button>
</div>
<p class="presets">期間の例: <% it.presets.forEach((p, i) => { %><% if (i) { %>・<% } %><a href="<%= p.href %>"><%= p.label %></a><% }) %></p>
</form>
<% if (it.capped) { %><p class="note">今日より先の日は表示しません。</p><% } %>
<figure class="chart">
<svg viewBox="0 0 <%= it.chart.width %> <%= it.chart.height %>" role="img" aria-labelledby="timeline-title timeline-desc">
<title id="timeline-title"><%= it.title %></title>
<desc id="timeline-desc"><%= it.chart.summary %></desc>
<% for (const t of it.chart.yTicks) { %><line class="grid" x1="<%= it.chart.baseline.x1 %>" x2="<%= it.chart.baseline.x2 %>" y1="<%= t.y %>" y2="<%= t.y %>"/><text class="axis" x="<%= it.chart.baseline.x1 - 6 %>" y="<%= t.y + 5 %>" text-anchor="end"><%= t.label %></text><% } %>
<% if (it.chart.area) { %><path class="area" d="<%= it.chart.area %>"/><% } %>
<line class="base" x1="<%= it.chart.baseline.x1 %>" x2="<%= it.chart.baseline.x2 %>" y1="<%= it.chart.baseline.y %>" y2="<%= it.chart.baseline.y %>"/>
<% for (const t of it.chart.xTicks) { %><line class="tick" x1="<%= t.x %>" x2="<%= t.x %>" y1="<%= it.chart.baseline.y %>" y2="<%= it.chart.baseline.y + 5 %>"/><text class="axis" x="<%= t.x %>" y="<%= it.chart.baseline.y + 22 %>" text-anchor="middle"><%= t.label %></text><% } %>
</svg>
<figcaption class="note"><%= it.chart.summary %> 各日の件数は、その日の終わり（今日はいま）の時点で、記録上停止していて、有効な代わりの窓口がひとつもなかったサービスの数です。</figcaption>
</figure>
<details class="data"><summary>日ごとの件数（表）</summary>
<div class="scroll"><table class="timeline-table"><caption class="note"><%= it.title %></caption><thead><tr><th scope="col">日付</th><th scope="col">件数</th></tr></thead><tbody>
<% for (const r of it.chart.rows) { %><tr><td><%= r.date %></td><td class="num"><%= r.n %></td></tr><% } %>
</tbody></table></div>
</details>
</section>`,

  '@gaps-table': `<section aria-labelledby="open-gaps"><h2 id="open-gaps">未解消の課題 <span class="count"><%= it.total %>件</span></h2>
<% if (it.items.length) { %>
<% if (it.items.length < it.total) { %><p class="note">深刻度の高い順に<%= it.items.length %>件を表示しています。すべては集計表（CSV・Excel）でご確認ください。</p><% } else { %><p class="note">深刻度の高い順です。</p><% } %>
<div class="scroll"><table class="gaps-table"><thead><tr><th scope="col">深刻度</th><th scope="col">課題</th><th scope="col">サービス</th><th scope="col">運営</th><th scope="col">発生</th></tr></thead><tbody>
<% for (const g of it.items) { %><tr><td><span class="badge <%= g.tone %>"><%= g.severity %></span></td><td><%= g.kind %></td><td><a href="/services/<%= g.serviceId %>"><%= g.serviceName %></a></td><td><%= g.operatorName %></td><td><%= g.openedAt %></td></tr><% } %>
</tbody></table></div>
<% } else { %><p>未解消の課題はありません。</p><% } %>
</section>`,

  '@downloads': `<section aria-labelledby="downloads"><h2 id="downloads">集計表のダウンロード</h2>
<ul class="downloads"><li><a href="<%= it.xlsx %>" download><%= it.title %>（Excel形式）</a></li><li><a href="<%= it.csv %>" download><%= it.title %>（CSV形式）</a></li></ul>
<p class="note">いまの時点の集計です。APIの集計表（/v1/reports）と同じ内容です。</p>
</section>`,

  '@dashboard': `<% layout('@layout') %>
<h1><%= it.title %></h1>
<p class="when"><%= it.at %> 時点</p>
<nav class="tools" aria-label="管理"><ul><li><a href="/admin/queues">処理キューの状況（管理者向け）</a></li></ul></nav>
<section aria-labelledby="map"><h2 id="map">都道府県別：代替手段のない停止</h2>
<p>未解消の「代替手段のない停止」の件数です。色は、その都道府県でいちばん重い深刻度を表します。都道府県を選ぶと詳しく見られます。</p>
<figure class="tilemap">
<svg viewBox="0 0 <%= it.map.width %> <%= it.map.height %>" role="group" aria-labelledby="map-title">
<title id="map-title">都道府県別の代替手段のない停止の件数（タイル地図）</title>
<% for (const t of it.map.tiles) { %><a href="<%= t.href %>" class="tile <%= t.tone %>" aria-label="<%= t.label %>"><rect x="<%= t.x %>" y="<%= t.y %>" width="<%= t.size %>" height="<%= t.size %>" rx="4"/><text x="<%= t.textX %>" y="<%= t.nameY %>" text-anchor="middle" class="name"><%= t.short %></text><text x="<%= t.textX %>" y="<%= t.countY %>" text-anchor="middle" class="n"><%= t.count %></text></a><% } %>
</svg>
<figcaption><ul class="legend" aria-label="凡例"><% for (const l of it.legend) { %><li><span class="swatch <%= l.tone %>"></span><%= l.label %></li><% } %></ul>
<p class="note">国の機関のサービス: <%= it.nationalBodies.total %>件（最も重いもの: <%= it.nationalBodies.worst %>）／民間団体のサービス: <%= it.organizations.total %>件（最も重いもの: <%= it.organizations.worst %>）</p></figcaption>
</figure>
<details class="data"><summary>都道府県別の件数（表）</summary>
<div class="scroll"><table class="prefecture-table"><caption class="note">代替手段のない停止（未解消）の件数、深刻度別</caption><thead><tr><th scope="col">都道府県</th><%~ include('@counts-head') %></tr></thead><tbody>
<% for (const r of it.rows) { %><tr data-code="<%= r.code %>"><th scope="row"><a href="<%= r.href %>"><%= r.name %></a></th><%~ include('@counts-row', r) %></tr><% } %>
<tr data-code="national"><th scope="row"><%= it.nationalBodies.name %></th><%~ include('@counts-row', it.nationalBodies) %></tr>
<tr data-code="organizations"><th scope="row"><%= it.organizations.name %></th><%~ include('@counts-row', it.organizations) %></tr>
</tbody><tfoot><tr><th scope="row">全国</th><%~ include('@counts-row', it.total) %></tr></tfoot></table></div>
</details>
</section>
<%~ include('@timeline', it.timeline) %>
<%~ include('@gaps-table', it.gaps) %>
<%~ include('@downloads', it.reports) %>`,

  '@dashboard-prefecture': `<% layout('@layout') %>
<% if (it.backToNational) { %><nav class="crumbs" aria-label="現在地"><ol><li><a href="/dashboard">全国の状況</a></li><li aria-current="page"><%= it.prefecture.name %></li></ol></nav><% } %>
<h1><%= it.title %></h1>
<p class="when"><%= it.at %> 時点・<a href="/places/<%= it.prefecture.code %>">公開ページ（<%= it.prefecture.name %>で いま つながる窓口）</a></p>
<section aria-labelledby="munis"><h2 id="munis">市区町村別：未解消の課題</h2>
<% if (it.rows.length) { %>
<p>「代替手段のない停止」を深刻度別に数えています。「その他」は、停止の予定・連絡先未確認・時間外など、ほかの課題の件数です。</p>
<div class="scroll"><table class="municipality-table"><thead><tr><th scope="col">市区町村</th><%~ include('@counts-head') %><th scope="col">その他</th></tr></thead><tbody>
<% for (const r of it.rows) { %><tr data-code="<%= r.code %>" class="<%= r.tone %>"><th scope="row"><a href="<%= r.href %>"><%= r.name %></a></th><%~ include('@counts-row', r) %><td class="num"><%= r.others %></td></tr><% } %>
</tbody><tfoot><tr><th scope="row">計</th><%~ include('@counts-row', it.total) %><td class="num"><%= it.total.others %></td></tr></tfoot></table></div>
<% } else { %><p>未解消の課題のある市区町村はありません。</p><% } %>
</section>
<%~ include('@timeline', it.timeline) %>
<%~ include('@gaps-table', it.gaps) %>
<%~ include('@downloads', it.reports) %>`,
};
