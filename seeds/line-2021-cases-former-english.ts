import type { Hours } from '../src/hours/hours';
import type { SeedService, SeedStatus } from './line-2021-cases';
import type { Audience } from '../src/line-services/vocabulary';

/**
 * What the seed wrote until its records were named in Japanese (issue 13): the same cases,
 * in the same order, with the English names and texts of that time and no nameEn. Frozen:
 * do not edit. The seed finds the records it wrote then by these texts, and renames them in
 * place (seeds/seed.ts, upgradeFormerRecords); nothing else reads them.
 */
export type FormerSeedService = Omit<SeedService, 'nameEn'>;

const OPERATED_BEFORE = 'In operation before March 2021 (start date not stated in the source).';
const ALWAYS: Hours = { type: 'always' };

/** In operation before March 2021 (undated), then suspended: when, if the source says. */
const stopped = (reason: string, effectiveAt: string | null = null): SeedStatus[] => [
  { status: 'active', effectiveAt: null, reason: OPERATED_BEFORE },
  { status: 'suspended', effectiveAt, reason },
];

export const FORMER_ENGLISH_CASES: FormerSeedService[] = [
  // 北海道
  {
    operatorCode: '010006',
    name: 'COVID-19 individual consultation (temperature entry)',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'One of the 8 Hokkaido LINE services handling personal data: individual COVID-19 consultation with temperature entry.',
    timeline: stopped('All 17 Hokkaido LINE services temporarily suspended by 25 Mar 2021 (survey from 19 Mar; some stopped earlier).', '2021-03-25T00:00:00+09:00'),
    channels: [
      { kind: 'phone', label: 'Phone follow-up', notes: 'Stated by the prefecture; number not given in the source.' },
      { kind: 'email', label: 'E-mail follow-up', notes: 'Stated by the prefecture; address not given in the source.' },
      { kind: 'website', label: 'New contact routes and information on the prefecture\'s website' },
    ],
  },
  {
    operatorCode: '010006',
    name: 'Children\'s worries and bullying consultation',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: 'One of the 8 Hokkaido LINE services handling personal data: consultation on children\'s worries and bullying.',
    timeline: stopped('All 17 Hokkaido LINE services temporarily suspended by 25 Mar 2021 (survey from 19 Mar; some stopped earlier).', '2021-03-25T00:00:00+09:00'),
    channels: [
      { kind: 'phone', label: 'Phone follow-up', notes: 'Stated by the prefecture; number not given in the source.' },
      { kind: 'email', label: 'E-mail follow-up', notes: 'Stated by the prefecture; address not given in the source.' },
      { kind: 'website', label: 'New contact routes and information on the prefecture\'s website' },
    ],
  },

  // 札幌市: three consultation services suspended from 26 Mar; payment and information continued.
  ...(
    [
      ['Children\'s worries consultation', ['children'], 'LINE consultation on children\'s worries.'],
      ['Career consultation for young people', ['youth'], 'LINE career consultation for young people.'],
      ['Employment consultation for young people', ['youth', 'job_seekers'], 'LINE employment consultation for young people.'],
    ] as [string, Audience[], string][]
  ).map(
    ([name, audiences, description]): FormerSeedService => ({
      operatorCode: '011002',
      name,
      category: 'consultation',
      audiences,
      handlesPersonalData: true,
      description,
      timeline: stopped('Sapporo suspended its three LINE consultation services from 26 Mar 2021.', '2021-03-26T00:00:00+09:00'),
      channels: [
        { kind: 'phone', label: 'Phone consultation' },
        { kind: 'email', label: 'E-mail consultation' },
        { kind: 'in_person', label: 'In-person interview' },
      ],
    }),
  ),
  {
    operatorCode: '011002',
    name: 'Water-bill payment via LINE Pay',
    category: 'payment',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'Payment of water bills through LINE Pay.',
    timeline: [{ status: 'active', effectiveAt: null, reason: 'Continued in March 2021.' }],
  },
  {
    operatorCode: '011002',
    name: 'Information dissemination',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'Sapporo\'s LINE information account.',
    timeline: [{ status: 'active', effectiveAt: null, reason: 'Continued in March 2021.' }],
  },

  // 大阪府
  {
    operatorCode: '270008',
    name: 'LINE相談',
    department: '教育センター',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: 'LINE consultation on Mondays with specialist counsellors, run by the prefecture\'s education centre. During the suspension the LINE screen said that LINE consultation is resting.',
    lineHours: { type: 'days', days: ['mon'], notes: '毎週月曜日(専門の相談員)。時間は出典に記載なし。' },
    timeline: [
      { status: 'active', effectiveAt: null, reason: 'Operated on Mondays before March 2021 (start date not stated in the source).' },
      { status: 'suspended', effectiveAt: '2021-03-22T00:00:00+09:00', reason: 'Suspended from 22 Mar 2021; resumption under review.' },
    ],
    channels: [
      { kind: 'phone', label: '24-hour phone consultation', hours: ALWAYS },
      { kind: 'email', label: 'E-mail consultation' },
    ],
  },
  {
    operatorCode: '270008',
    name: 'Facility reservation',
    category: 'reservation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'Reservation of prefectural facilities via LINE; handles personal data.',
    timeline: stopped('Services handling personal data stop until the national guideline (decided around 19 Mar 2021).'),
  },
  {
    operatorCode: '270008',
    name: 'LINE vaccine reservation for medical workers',
    category: 'reservation',
    audiences: ['medical_workers'],
    handlesPersonalData: true,
    description: 'COVID-19 vaccine reservation for medical workers via LINE, planned from April 2021.',
    timeline: [
      { status: 'planned', effectiveAt: null, reason: 'Planned from April 2021.' },
      { status: 'postponed', effectiveAt: null, reason: 'Under review (postponed) in March 2021.' },
    ],
  },

  // 大阪市
  {
    operatorCode: '271004',
    name: 'LINE consultation (Thursdays)',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: 'LINE consultation held on Thursdays.',
    lineHours: { type: 'days', days: ['thu'], notes: '毎週木曜日(3月25日まで)。時間は出典に記載なし。' },
    timeline: [
      { status: 'active', effectiveAt: null, reason: 'Operated on Thursdays until 25 Mar 2021, the last day of the fiscal year\'s service.' },
      { status: 'suspended', effectiveAt: '2021-03-26T00:00:00+09:00', reason: 'After the last day of the fiscal year\'s service (25 Mar 2021); April platform and restart date undecided.' },
    ],
    channels: [
      { kind: 'phone', label: 'Phone' },
      { kind: 'email', label: 'E-mail' },
      { kind: 'fax', label: 'Fax' },
    ],
  },
  {
    operatorCode: '271004',
    name: 'Information dissemination',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'Osaka City\'s LINE information dissemination.',
    timeline: stopped('Stopped one after another from around 19 Mar 2021 until safety is confirmed.'),
  },
  {
    operatorCode: '271004',
    name: 'Utility payment via LINE Pay',
    category: 'payment',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'Utility payment through LINE Pay; in March 2021 stopping it was under consideration.',
    timeline: [{ status: 'active', effectiveAt: null, reason: 'Stop under consideration in March 2021.' }],
  },

  // 埼玉県
  {
    operatorCode: '110001',
    name: 'SNS教育相談@埼玉県教委',
    department: '埼玉県教育委員会',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: 'SNS education consultation of the Saitama prefectural board of education. First to continue after a safety check.',
    timeline: [
      { status: 'active', effectiveAt: null, reason: 'Continued after a safety check in March 2021.' },
      { status: 'suspended', effectiveAt: '2021-03-29T00:00:00+09:00', reason: 'Suspended 29 Mar 2021 by the governor\'s decision for two-way consultation.' },
    ],
    channels: [{ kind: 'phone', label: '24-hour phone consultation', hours: ALWAYS, notes: 'Shown when tapping the LINE screen.' }],
  },

  // 千葉県
  {
    operatorCode: '120006',
    name: 'いのち支えるSNS@ちば',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    lifeCritical: true,
    description: 'SNS consultation with professional counsellors; continued as an exception in March 2021 as life-critical and urgent.',
    timeline: [{ status: 'active', effectiveAt: null, reason: 'Continued as an exception: life-critical, urgent.' }],
  },
  {
    operatorCode: '120006',
    name: 'SNS相談@ちば',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    lifeCritical: true,
    description: 'SNS consultation with professional counsellors; continued as an exception in March 2021 as life-critical and urgent.',
    timeline: [{ status: 'active', effectiveAt: null, reason: 'Continued as an exception: life-critical, urgent.' }],
  },

  // Boards of education whose children's LINE consultation continues from April 2021.
  ...(
    [
      ['252018', '大津市教育委員会'],
      ['200000', '長野県教育委員会'],
      ['130001', '東京都教育委員会'],
    ] as [string, string][]
  ).map(
    ([operatorCode, department]): FormerSeedService => ({
      operatorCode,
      name: 'LINE consultation for children',
      department,
      category: 'consultation',
      audiences: ['children'],
      handlesPersonalData: true,
      description: 'LINE consultation for children run by the board of education.',
      timeline: [{ status: 'active', effectiveAt: null, reason: 'Continues from April 2021.' }],
    }),
  ),

  // 渋谷区
  {
    operatorCode: '131130',
    name: 'Official LINE account',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'Shibuya City\'s official LINE account.',
    timeline: [{ status: 'active', effectiveAt: null, reason: 'Continues (announced in March 2021).' }],
  },

  // 鳥取県: two of its 10 accounts are named.
  ...(['COVID-19 outbreak information', 'Safe tourism and dining areas'] as const).map(
    (name): FormerSeedService => ({
      operatorCode: '310000',
      name,
      category: 'information',
      audiences: ['general'],
      handlesPersonalData: false,
      description: `One of Tottori Prefecture's 10 official LINE accounts: ${name.toLowerCase()}.`,
      timeline: stopped('Suspended until the national survey confirms safety.'),
      channels: [
        { kind: 'email', label: 'E-mail' },
        { kind: 'phone', label: 'Phone' },
      ],
    }),
  ),

  // Vaccine reservations being prepared, put on hold.
  {
    operatorCode: '313718',
    name: 'LINE vaccine reservation for group vaccination',
    category: 'reservation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'LINE reservation for group COVID-19 vaccination (about 900,000 yen), planned for introduction within March 2021.',
    timeline: [
      { status: 'planned', effectiveAt: null, reason: 'Planned for introduction within March 2021.' },
      { status: 'postponed', effectiveAt: null, reason: 'Introduction on hold pending the national findings.' },
    ],
  },
  {
    operatorCode: '242071',
    name: 'LINE vaccine reservation',
    category: 'reservation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'LINE COVID-19 vaccine reservation being prepared in March 2021.',
    timeline: [
      { status: 'planned', effectiveAt: null, reason: 'Being prepared in March 2021.' },
      { status: 'postponed', effectiveAt: null, reason: 'Put on hold.' },
    ],
  },

  // 三重県
  {
    operatorCode: '240001',
    name: 'LINE consultation for job seekers of the employment ice-age generation',
    category: 'consultation',
    audiences: ['job_seekers', 'adults'],
    handlesPersonalData: true,
    description: 'LINE consultation account for job seekers of the "employment ice-age" generation.',
    timeline: stopped('Temporarily suspended (data stays on LINE\'s servers).'),
  },

  // 島根県
  {
    operatorCode: '320005',
    name: 'Information dissemination account',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'Shimane Prefecture\'s LINE information account; in March 2021 under survey, to continue if safety is confirmed.',
    timeline: [{ status: 'active', effectiveAt: null, reason: 'Under survey; continues if safety is confirmed.' }],
  },

  // 愛知県
  {
    operatorCode: '230006',
    name: 'LINE administrative services',
    category: 'other',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'Aichi Prefecture\'s LINE administrative services (not itemised in the source).',
    timeline: stopped('Suspension announced in March 2021.'),
  },

  // National bodies
  {
    operatorCode: 'mhlw',
    name: 'Daily health check of people entering Japan',
    category: 'health_monitoring',
    audiences: ['international_arrivals'],
    handlesPersonalData: true,
    description: 'Daily health check, via LINE or e-mail, of people entering Japan during their 14-day wait.',
    timeline: stopped('LINE use stopped from 20 Mar 2021; e-mail continues ("no effect on border measures").', '2021-03-20T00:00:00+09:00'),
    channels: [{ kind: 'email', label: 'Daily health check by e-mail', notes: 'Continues; "no effect on border measures".' }],
  },
  {
    operatorCode: 'moj',
    name: 'SNS human-rights consultation',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'Human-rights consultation via LINE.',
    timeline: stopped('Stopped in March 2021.'),
  },
  {
    operatorCode: 'mic',
    name: 'Public comment and inquiries via LINE',
    category: 'application',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'Public comment and inquiries received via LINE.',
    timeline: stopped('Stopped in March 2021.'),
  },
  {
    operatorCode: 'cao',
    name: 'Disaster-prevention account (evacuation decision flow)',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'Disaster-prevention LINE account guiding the decision to evacuate; no personal data.',
    timeline: stopped('Stopped in March 2021.'),
  },
  {
    operatorCode: 'mlit',
    name: 'Recruitment schedule information',
    category: 'information',
    audiences: ['job_seekers'],
    handlesPersonalData: false,
    description: 'Recruitment schedule information via LINE.',
    timeline: stopped('Stopped in March 2021.'),
  },
  {
    operatorCode: 'mod',
    name: 'Recruitment and event notices',
    category: 'information',
    audiences: ['job_seekers', 'general'],
    handlesPersonalData: false,
    description: 'Recruitment and event notices via LINE.',
    timeline: stopped('Stopped by notice of 24 Mar 2021.', '2021-03-24T00:00:00+09:00'),
  },
];
