import { REPORT_COLUMNS } from './report-columns';

/** Where the table of the report columns is committed, from the repository's root. */
export const REPORT_COLUMNS_DOC = 'docs/report-columns.md';
/** The README holds the same table between these two lines. */
export const README_MARKERS = ['<!-- report-columns: generated from src/reports/report-columns.ts by npm run docs:report-columns -->', '<!-- /report-columns -->'] as const;

/** A cell of a Markdown table: no pipe or line break may end it early. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * docs/report-columns.md (and the README's table): every column of the reports' CSV and XLSX, as report-columns.ts
 * defines it, so the README can link it and it never says other than the code.
 */
export function reportColumnsMarkdown(): string {
  const lines = [
    '# Report columns / 集計表の列',
    '',
    '<!-- Generated from src/reports/report-columns.ts by `npm run docs:report-columns`: do not edit by hand. -->',
    '',
    'The columns of the national and prefecture reports (`GET /v1/reports/national`, `GET /v1/reports/prefectures/{code}`), in their order.',
    'CSV and XLSX carry the Japanese headers by default and the English ones with `lang=en`; the JSON keys are the `key` column, whatever the language.',
    '',
    '全国集計・都道府県別集計の列（この順に並びます）。CSV と XLSX の見出しは日本語が既定で、`lang=en` を付けると英語になります。JSON のキーは言語によらず `key` の列のとおりです。',
    '',
    "The national report has one row per prefecture, one for the national bodies (`national`) and one for the organisations other than governments (`organizations`, 民間団体); its total row is the sum of them all.",
    "A prefecture's report has one row per local government of the prefecture: organisations are in no prefecture, so it does not count them (the national report does).",
    "A service's category and data-handling facts have no history: a report as of a past time counts them as they are recorded now.",
    '',
    '全国集計は都道府県ごとの行、国の機関の行（`national`）、民間団体の行（`organizations`）からなり、合計行はそのすべての和です。',
    '都道府県別集計は都道府県内の地方公共団体ごとの行からなり、民間団体はどの都道府県にも属さないため数えません（全国集計で数えます）。',
    'サービスの分野とデータの取扱いには履歴がないため、過去の基準日時の集計でも現在の記録で数えます。',
    '',
    ...reportColumnsTable(),
  ];
  return `${lines.join('\n')}\n`;
}

/** The table itself: one row per column, both headers and both definitions. */
export function reportColumnsTable(): string[] {
  return [
    '| key | 日本語の見出し | English header | 定義 | Definition |',
    '| --- | --- | --- | --- | --- |',
    ...REPORT_COLUMNS.map(({ key, text }) =>
      `| \`${key}\` | ${cell(text.header.ja)} | ${cell(text.header.en)} | ${cell(text.definition.ja)} | ${cell(text.definition.en)} |`,
    ),
  ];
}

/** The README with the table between its markers replaced by the current one. */
export function readmeWithTable(readme: string): string {
  const [open, close] = README_MARKERS;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README.md: the report columns' markers are missing (${open} … ${close})`);
  return `${readme.slice(0, start + open.length)}\n${reportColumnsTable().join('\n')}\n${readme.slice(end)}`;
}
