import { createHash } from 'node:crypto';

/**
 * The pages' one style sheet, hand-written: mobile first (one column, large tap targets),
 * wider screens get a wider column, and print drops the forms. Served under a name with
 * its hash, so it can be cached for a year and a change is a new name.
 */
export const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;font-size:1rem;line-height:1.7;color:#1a1a1a;background:#fafaf7;overflow-wrap:anywhere}
a{color:#0b57a4}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a000;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:1}
header.site,footer.site{background:#12355b;color:#fff;padding:.75rem 1rem}
header.site a,footer.site a{color:#fff}
header.site .brand{font-weight:bold;text-decoration:none}
footer.site{font-size:.875rem;margin-top:2rem}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.4;margin:.5rem 0 1rem}
h2{font-size:1.2rem;border-bottom:2px solid #12355b;margin:2rem 0 .75rem;padding-bottom:.25rem}
h3{font-size:1.05rem;margin:0 0 .25rem}
.crumbs{font-size:.875rem}
.crumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
.crumbs li+li::before{content:"›";margin-right:.25rem}
form.search,form.filters{background:#fff;border:1px solid #c8c8c0;border-radius:6px;padding:.75rem;margin:1rem 0}
form label{display:block;margin:.25rem 0}
input,select,button{font:inherit;min-height:44px;max-width:100%}
input[type=search]{width:100%}
button{background:#12355b;color:#fff;border:0;border-radius:4px;padding:.4rem 1.2rem;cursor:pointer}
fieldset{border:0;padding:0;margin:0}
.row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.note,.count,.when,.meta{color:#4a4a4a;font-size:.9rem}
ul.places{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.25rem .75rem}
ul.places a{display:inline-block;min-height:44px;padding:.5rem 0}
ul.places .ward{padding-left:1rem}
.service{background:#fff;border:1px solid #c8c8c0;border-left:6px solid #8a8a8a;border-radius:6px;padding:.75rem;margin:0 0 .75rem}
.service.open{border-left-color:#1b7a3a}
.service.stopped{border-left-color:#b3261e}
.state{font-weight:bold}
.open>.state,.state.open{color:#1b6b33}
.closed>.state,.state.closed{color:#6b4a00}
.stopped>.state,.state.stopped{color:#b3261e}
.unknown>.state,.state.unknown{color:#4a4a4a}
ul.channels{list-style:none;padding:0;margin:.5rem 0 0}
ul.channels>li{border-top:1px dashed #c8c8c0;padding:.5rem 0}
ul.gaps{list-style:none;padding:0}
ul.gaps>li{background:#fff;border:1px solid #c8c8c0;border-radius:6px;padding:.5rem .75rem;margin:0 0 .5rem}
.contact{font-size:1.1rem}
.contact a{display:inline-block;min-height:44px;padding:.4rem 0}
.unknown-contact{color:#b3261e;font-weight:bold}
.hours{margin:0;padding-left:1.2rem;font-size:.9rem}
p{margin:.25rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #c8c8c0;padding:.4rem;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
.pager{margin:1rem 0}
.session{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;margin-top:.25rem;font-size:.9rem}
.session .note{color:#dde6f0}
.session button{background:#fff;color:#12355b;min-height:44px}
form.signin{background:#fff;border:1px solid #c8c8c0;border-radius:6px;padding:.75rem;margin:1rem 0;max-width:32rem}
form.signin input{width:100%;margin-bottom:.75rem}
.error{border:2px solid #b3261e;background:#fdf0ef;border-radius:6px;padding:.5rem .75rem;margin:1rem 0;color:#8c1d18;font-weight:bold}
.notice{border:2px solid #1b7a3a;background:#eef8f0;border-radius:6px;padding:.5rem .75rem;margin:1rem 0}
.public-notice{border:3px solid #b35c00;background:#fff4e5;border-radius:6px;padding:.25rem .75rem .5rem;margin:1rem 0}
.public-notice h2{border:0;margin:.25rem 0;padding:0;color:#7a3d00}
.card-notice{border-left:4px solid #b35c00;background:#fff4e5;padding:.25rem .5rem;margin:.25rem 0}
.successor{border:2px solid #0b57a4;background:#eef4fb;border-radius:6px;padding:.5rem .75rem;margin:1rem 0;font-size:1.05rem}
.successor a{display:inline-block;min-height:44px;padding:.4rem 0;font-weight:bold}
.stale,.warning{border:2px solid #b3261e;background:#fdf0ef;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0;color:#8c1d18}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:bold}
dl.facts dd{margin:0}
.tools ul{list-style:none;padding:0;margin:.5rem 0}
.tools a,.presets a,.downloads a{display:inline-block;min-height:44px;padding:.5rem 0}
figure{margin:0}
figure svg{display:block;width:100%;height:auto}
.tilemap svg{max-width:40rem;margin:0 auto}
.tile rect{fill:#e6ebe6;stroke:#fff;stroke-width:1}
.tile text{fill:#1a1a1a;font-size:15px;font-weight:bold}
.tile text.n{font-size:17px}
.tile:focus rect,.tile:hover rect{stroke:#f0a000;stroke-width:4}
.tile.critical rect,.swatch.critical,.badge.critical{fill:#b3261e;background:#b3261e}
.tile.critical text{fill:#fff}
.tile.high rect,.swatch.high,.badge.high{fill:#f08c2e;background:#f08c2e}
.tile.medium rect,.swatch.medium,.badge.medium{fill:#f6d55c;background:#f6d55c}
.tile.low rect,.swatch.low,.badge.low{fill:#bcd7f0;background:#bcd7f0}
.swatch.none{background:#e6ebe6}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}
.swatch{display:inline-block;width:1rem;height:1rem;border:1px solid #888;margin-right:.3rem;vertical-align:-.15rem}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-weight:bold}
.badge.critical{color:#fff}
.chart .area{fill:#d9837c;stroke:#b3261e;stroke-width:1.5}
.chart .grid{stroke:#ddd}
.chart .base,.chart .tick{stroke:#1a1a1a}
.chart .axis{fill:#333;font-size:13px}
details.data{margin:.5rem 0}
details.data summary{cursor:pointer;min-height:44px;padding:.5rem 0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.downloads{padding-left:1.2rem}
@media (min-width:48rem){main{padding:1.5rem 2rem}h1{font-size:1.75rem}}
@media print{
header.site,footer.site,form,.skip,.pager,.tools{display:none}
body{background:#fff;font-size:10.5pt}
main{max-width:none;padding:0}
.service{break-inside:avoid;border-color:#000}
a{color:#000;text-decoration:none}
.contact a::after{content:" (" attr(href) ")";font-size:.8em}
}
`.trim();

export const CSS_PATH = `/assets/pages.${createHash('sha256').update(CSS).digest('hex').slice(0, 12)}.css`;
