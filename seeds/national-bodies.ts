/** National bodies that ran LINE services in March 2021, plus the education ministry that funded SNS consultation. */
export const NATIONAL_BODIES = [
  { code: 'mhlw', name: '厚生労働省', nameEn: 'Ministry of Health, Labour and Welfare', notes: null },
  { code: 'moj', name: '法務省', nameEn: 'Ministry of Justice', notes: null },
  {
    code: 'mic',
    name: '総務省',
    nameEn: 'Ministry of Internal Affairs and Communications',
    notes: '2021年3月19日、LINEを利用するすべての地方公共団体に、3月26日までに利用状況を報告するよう求めた。',
  },
  { code: 'cao', name: '内閣府', nameEn: 'Cabinet Office', notes: null },
  { code: 'mlit', name: '国土交通省', nameEn: 'Ministry of Land, Infrastructure, Transport and Tourism', notes: null },
  { code: 'mod', name: '防衛省', nameEn: 'Ministry of Defense', notes: null },
  {
    code: 'mext',
    name: '文部科学省',
    nameEn: 'Ministry of Education, Culture, Sports, Science and Technology',
    notes: '2020年度に予算を措置したSNS相談窓口は28の地方公共団体にあり、うち20団体がLINEを利用していた。',
  },
];

/** What the 2021 sources said of operators as a whole, where they counted services without naming them. */
export const OPERATOR_NOTES: Record<string, string> = {
  '010006': '2021年3月時点でLINEを使った事業は17事業。うち個人情報を扱うものが8事業（「新型コロナ」に関連した個別相談（体温などの入力）、子どもの悩み・いじめの相談窓口）、扱わないものが9事業（地域の情報発信）。17事業すべてを2021年3月25日までに一時停止（3月19日からの調査による。一部はそれ以前に停止）。',
  '270008': '2021年3月時点でLINEを使ったサービスは12。個人情報を扱うもの（いじめの相談、施設予約）は国のガイドラインが示されるまで停止。相談を含む約10アカウントを停止（2021年3月19日ごろ決定）。',
  '271004': '2021年3月時点でLINEを使った事業は60あまり（情報発信、児童・生徒のいじめの相談、公共料金のLINE Pay支払いなど）。2021年3月19日ごろから、安全が確認されるまで順次停止。',
  '120006': '県のLINEサービスは個人情報保護委員会の調査結果が出るまで停止。ただし、命に関わる相談窓口は例外として継続。',
  '310000': '10の公式LINEアカウント（新型コロナの発生状況などの情報発信、安心な観光や飲食エリアの情報発信など）を、国の調査で安全性が確認されるまで停止。',
};
