/** National bodies that ran LINE services in March 2021, plus the education ministry that funded SNS consultation. */
export const NATIONAL_BODIES = [
  { code: 'mhlw', name: '厚生労働省', nameEn: 'Ministry of Health, Labour and Welfare', notes: null },
  { code: 'moj', name: '法務省', nameEn: 'Ministry of Justice', notes: null },
  {
    code: 'mic',
    name: '総務省',
    nameEn: 'Ministry of Internal Affairs and Communications',
    notes: 'On 19 Mar 2021 asked every local government using LINE to report its usage by 26 Mar.',
  },
  { code: 'cao', name: '内閣府', nameEn: 'Cabinet Office', notes: null },
  { code: 'mlit', name: '国土交通省', nameEn: 'Ministry of Land, Infrastructure, Transport and Tourism', notes: null },
  { code: 'mod', name: '防衛省', nameEn: 'Ministry of Defense', notes: null },
  {
    code: 'mext',
    name: '文部科学省',
    nameEn: 'Ministry of Education, Culture, Sports, Science and Technology',
    notes: 'Funded the SNS consultation windows of 28 local governments in FY2020; 20 of them used LINE.',
  },
];

/** What the 2021 sources said of operators as a whole, where they counted services without naming them. */
export const OPERATOR_NOTES: Record<string, string> = {
  '010006': '17 LINE services in March 2021: 8 handling personal data (COVID-19 individual consultation with temperature entry, children\'s worries/bullying consultation), 9 not (regional information). All 17 temporarily suspended by 25 Mar 2021 (survey from 19 Mar; some stopped earlier).',
  '270008': '12 LINE services in March 2021. Those handling personal data (bullying consultation, facility reservation) stop until the national guideline; about 10 accounts including consultation being stopped (decided around 19 Mar 2021).',
  '271004': 'About 60 LINE services in March 2021, including information dissemination, bullying consultation for pupils and utility payment via LINE Pay; stopped one after another from around 19 Mar 2021 until safety is confirmed.',
  '120006': 'LINE services of the prefecture suspended until the Personal Information Protection Commission\'s findings, except the life-critical consultation windows.',
  '310000': '10 official LINE accounts (COVID-19 outbreak information, safe tourism and dining areas, …) suspended until the national survey confirms safety.',
};
