import type { Hours } from '../src/hours/hours';
import type { ChannelKind } from '../src/line-services/contact';
import type { Audience, ConversationDataStorage, ServiceCategory, ServiceStatus } from '../src/line-services/vocabulary';

/**
 * The March 2021 cases of ../shared/reference/line-2021-cases.md, as the registry holds
 * them, in Japanese: a service's name is the proper name the source gives (「LINE相談」,
 * 「SNS教育相談@埼玉県教委」), or where the source only describes the service, a short label
 * built from the source's own words (「子どもの悩み相談」), not an invented official title.
 * Dates are Japan time. Nothing here is invented: where the source gives no date the change
 * is undated (effectiveAt null), and where it names a channel without its contact detail the
 * contact is empty. Services the source only counts (「17事業」) are not listed one by one;
 * the count is in the operator's notes.
 */
export interface SeedStatus {
  status: ServiceStatus;
  /** ISO time, or null when the source gives no date. */
  effectiveAt: string | null;
  reason: string;
}

export interface SeedChannel {
  kind: ChannelKind;
  label: string;
  hours?: Hours;
  notes?: string;
}

export interface SeedService {
  operatorCode: string;
  /** Japanese: the proper name the source gives, else a short label in the source's own terms. */
  name: string;
  /** An English rendering; for the services named in English until issue 13, that name. */
  nameEn: string;
  department?: string;
  category: ServiceCategory;
  audiences: Audience[];
  handlesPersonalData: boolean;
  lifeCritical?: boolean;
  description: string;
  /** Only what the source states: 「毎週月曜日」 is the `days` form, with no times. */
  lineHours?: Hours;
  timeline: SeedStatus[];
  channels?: SeedChannel[];
  /** The notice people were shown, in the source's own words (大阪府教育センター's LINE screen). */
  publicNotice?: string;
  /** Where conversation data is stored, where the source says it; otherwise `unknown`. */
  conversationDataStorage?: ConversationDataStorage;
  /**
   * When the source confirmed the service as recorded, where no dated change of its timeline
   * says it (D×P's statement of 25 March 2021); see verificationOf.
   */
  verifiedAt?: string;
}

/** The last day the 2021 sources cover (17–31 March 2021, Japan time). */
export const SOURCES_END = '2021-03-31T00:00:00+09:00';

/**
 * The seed's records are verified as of their source dates, not as of the day they were
 * seeded: a record is only as fresh as the fact it holds. The date is that of the reported
 * fact: the case's own `verifiedAt`, else the latest dated change of its timeline (the
 * suspension the source dates), else, where the source gives no date at all, the last day the
 * sources cover (31 March 2021): the latest date at which the source can be said to hold.
 * The method is official_notice: what the sources report are the operators' announcements.
 */
export function verificationOf(service: Pick<SeedService, 'timeline' | 'verifiedAt'>): { verifiedAt: string; method: 'official_notice'; note: string } {
  const dated = service.timeline.flatMap((c) => (c.effectiveAt === null ? [] : [c.effectiveAt])).sort((a, b) => Date.parse(a) - Date.parse(b));
  const verifiedAt = service.verifiedAt ?? dated.at(-1) ?? null;
  if (verifiedAt !== null) return { verifiedAt, method: 'official_notice', note: '2021年3月の報道・公表資料による（出典の日付の時点）。' };
  return { verifiedAt: SOURCES_END, method: 'official_notice', note: '2021年3月の報道・公表資料による。出典に日付がないため、出典が扱う最後の日（2021年3月31日）の時点とした。' };
}

const OPERATED_BEFORE = '2021年3月以前から運用（開始日は出典に記載なし）。';
const ALWAYS: Hours = { type: 'always' };

/** In operation before March 2021 (undated), then suspended: when, if the source says. */
const stopped = (reason: string, effectiveAt: string | null = null): SeedStatus[] => [
  { status: 'active', effectiveAt: null, reason: OPERATED_BEFORE },
  { status: 'suspended', effectiveAt, reason },
];

const HOKKAIDO_SUSPENSION = '北海道はLINEを使った17事業すべてを2021年3月25日までに一時停止（3月19日からの調査による。一部はそれ以前に停止）。';
const HOKKAIDO_CHANNELS: SeedChannel[] = [
  { kind: 'phone', label: '電話でのフォローアップ', notes: '道が示した代替手段。電話番号は出典に記載なし。' },
  { kind: 'email', label: 'メールでのフォローアップ', notes: '道が示した代替手段。メールアドレスは出典に記載なし。' },
  { kind: 'website', label: '道のホームページでの新たな連絡手段と情報の案内' },
];
const CONTINUED_IN_MARCH = '2021年3月も継続。';
const CHIBA_EXCEPTION = '命に関わり緊急性が高いとして、例外的に継続。';
const STOPPED_IN_MARCH = '2021年3月に停止。';

export const LINE_2021_CASES: SeedService[] = [
  // 北海道
  {
    operatorCode: '010006',
    name: '新型コロナ個別相談（体温などの入力）',
    nameEn: 'COVID-19 individual consultation (temperature entry)',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: '北海道のLINEを使った17事業のうち、個人情報を扱う8事業の一つ。「新型コロナ」に関連した個別相談（体温などの入力）。',
    timeline: stopped(HOKKAIDO_SUSPENSION, '2021-03-25T00:00:00+09:00'),
    channels: HOKKAIDO_CHANNELS,
  },
  {
    operatorCode: '010006',
    name: '子どもの悩み・いじめの相談',
    nameEn: 'Children\'s worries and bullying consultation',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: '北海道のLINEを使った17事業のうち、個人情報を扱う8事業の一つ。子どもの悩み・いじめの相談窓口。',
    timeline: stopped(HOKKAIDO_SUSPENSION, '2021-03-25T00:00:00+09:00'),
    channels: HOKKAIDO_CHANNELS,
  },

  // 札幌市: three consultation services suspended from 26 Mar; payment and information continued.
  ...(
    [
      ['子どもの悩み相談', 'Children\'s worries consultation', ['children'], '子どもたちからの悩みなどのLINE相談。'],
      ['若者向け進路相談', 'Career consultation for young people', ['youth'], '若者向けのLINEによる進路相談。'],
      ['若者向け就職相談', 'Employment consultation for young people', ['youth', 'job_seekers'], '若者向けのLINEによる就職相談。'],
    ] as [string, string, Audience[], string][]
  ).map(
    ([name, nameEn, audiences, description]): SeedService => ({
      operatorCode: '011002',
      name,
      nameEn,
      category: 'consultation',
      audiences,
      handlesPersonalData: true,
      description,
      timeline: stopped('札幌市は2021年3月26日からLINEによる3つの相談を停止。', '2021-03-26T00:00:00+09:00'),
      channels: [
        { kind: 'phone', label: '電話相談' },
        { kind: 'email', label: 'メール相談' },
        { kind: 'in_person', label: '面談' },
      ],
    }),
  ),
  {
    operatorCode: '011002',
    name: '水道料金のLINE Pay支払い',
    nameEn: 'Water-bill payment via LINE Pay',
    category: 'payment',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'LINE Payによる水道料金の支払い。',
    timeline: [{ status: 'active', effectiveAt: null, reason: CONTINUED_IN_MARCH }],
  },
  {
    operatorCode: '011002',
    name: '情報発信',
    nameEn: 'Information dissemination',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: '札幌市のLINEによる情報発信。',
    timeline: [{ status: 'active', effectiveAt: null, reason: CONTINUED_IN_MARCH }],
  },

  // 大阪府
  {
    operatorCode: '270008',
    name: 'LINE相談',
    nameEn: 'LINE consultation',
    department: '教育センター',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: '大阪府教育センターが毎週月曜日に専門の相談員により行うLINE相談。停止中、LINEの画面には「LINE相談はしばらくお休みします」と表示された。',
    publicNotice: 'LINE相談はしばらくお休みします',
    lineHours: { type: 'days', days: ['mon'], notes: '毎週月曜日(専門の相談員)。時間は出典に記載なし。' },
    timeline: [
      { status: 'active', effectiveAt: null, reason: '2021年3月以前から毎週月曜日に運用（開始日は出典に記載なし）。' },
      { status: 'suspended', effectiveAt: '2021-03-22T00:00:00+09:00', reason: '2021年3月22日から停止。再開は検討中。' },
    ],
    channels: [
      { kind: 'phone', label: '24時間対応の電話相談', hours: ALWAYS },
      { kind: 'email', label: 'メール相談' },
    ],
  },
  {
    operatorCode: '270008',
    name: '施設予約',
    nameEn: 'Facility reservation',
    category: 'reservation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'LINEによる府の施設の予約。個人情報を扱う。',
    timeline: stopped('個人情報を扱うサービスは国のガイドラインが示されるまで停止（2021年3月19日ごろ決定）。'),
  },
  {
    operatorCode: '270008',
    name: '医療従事者向け新型コロナワクチン接種予約',
    nameEn: 'LINE vaccine reservation for medical workers',
    category: 'reservation',
    audiences: ['medical_workers'],
    handlesPersonalData: true,
    description: 'LINEによる医療従事者向け新型コロナワクチン接種の予約。2021年4月開始予定だった。',
    timeline: [
      { status: 'planned', effectiveAt: null, reason: '2021年4月開始予定。' },
      { status: 'postponed', effectiveAt: null, reason: '2021年3月時点で検討中（延期）。' },
    ],
  },

  // 大阪市
  {
    operatorCode: '271004',
    name: '毎週木曜日のLINE相談窓口',
    nameEn: 'LINE consultation (Thursdays)',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: '毎週木曜日に開設していたLINE相談窓口。',
    lineHours: { type: 'days', days: ['thu'], notes: '毎週木曜日(3月25日まで)。時間は出典に記載なし。' },
    timeline: [
      { status: 'active', effectiveAt: null, reason: '今年度の最終日である2021年3月25日まで、毎週木曜日に運用。' },
      { status: 'suspended', effectiveAt: '2021-03-26T00:00:00+09:00', reason: '今年度の最終日（2021年3月25日）で終了。4月以降に利用するプラットフォームと再開日は未定。' },
    ],
    channels: [
      { kind: 'phone', label: '電話' },
      { kind: 'email', label: 'メール' },
      { kind: 'fax', label: 'ファックス' },
    ],
  },
  {
    operatorCode: '271004',
    name: '情報発信',
    nameEn: 'Information dissemination',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: '大阪市のLINEによる情報発信。',
    timeline: stopped('2021年3月19日ごろから、安全が確認されるまで順次停止。'),
  },
  {
    operatorCode: '271004',
    name: '公共料金のLINE Pay支払い',
    nameEn: 'Utility payment via LINE Pay',
    category: 'payment',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'LINE Payによる公共料金の支払い。2021年3月時点で停止を検討中だった。',
    timeline: [{ status: 'active', effectiveAt: null, reason: '2021年3月時点で停止を検討中。' }],
  },

  // 埼玉県
  {
    operatorCode: '110001',
    name: 'SNS教育相談@埼玉県教委',
    nameEn: 'SNS education consultation (Saitama Prefectural Board of Education)',
    department: '埼玉県教育委員会',
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    description: '埼玉県教育委員会のSNS教育相談。安全性を確認したうえで、いち早く継続を決めた。',
    timeline: [
      { status: 'active', effectiveAt: null, reason: '2021年3月、安全性を確認したうえで継続。' },
      { status: 'suspended', effectiveAt: '2021-03-29T00:00:00+09:00', reason: '双方向の相談であることから、2021年3月29日に知事の判断で停止。' },
    ],
    channels: [{ kind: 'phone', label: '24時間の電話相談', hours: ALWAYS, notes: 'LINEの画面をタップすると案内が表示される。' }],
  },

  // 千葉県
  {
    operatorCode: '120006',
    name: 'いのち支えるSNS@ちば',
    nameEn: 'SNS consultation supporting lives (Chiba)',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    lifeCritical: true,
    description: '専門の相談員によるSNS相談。命に関わり緊急性が高いとして、2021年3月も例外的に継続。',
    timeline: [{ status: 'active', effectiveAt: null, reason: CHIBA_EXCEPTION }],
  },
  {
    operatorCode: '120006',
    name: 'SNS相談@ちば',
    nameEn: 'SNS consultation (Chiba)',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    lifeCritical: true,
    description: '専門の相談員によるSNS相談。命に関わり緊急性が高いとして、2021年3月も例外的に継続。',
    timeline: [{ status: 'active', effectiveAt: null, reason: CHIBA_EXCEPTION }],
  },

  // Boards of education whose children's LINE consultation continues from April 2021.
  ...(
    [
      ['252018', '大津市教育委員会'],
      ['200000', '長野県教育委員会'],
      ['130001', '東京都教育委員会'],
    ] as [string, string][]
  ).map(
    ([operatorCode, department]): SeedService => ({
      operatorCode,
      name: '子供向けのLINE相談',
      nameEn: 'LINE consultation for children',
      department,
      category: 'consultation',
      audiences: ['children'],
      handlesPersonalData: true,
      description: '教育委員会による子供向けのLINE相談窓口。',
      timeline: [{ status: 'active', effectiveAt: null, reason: '2021年4月以降も継続。' }],
    }),
  ),

  // 渋谷区
  {
    operatorCode: '131130',
    name: '公式LINEアカウント',
    nameEn: 'Official LINE account',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: '渋谷区の公式LINEアカウント。',
    timeline: [{ status: 'active', effectiveAt: null, reason: '継続利用（2021年3月に表明）。' }],
  },

  // 鳥取県: two of its 10 accounts are named.
  ...(
    [
      ['新型コロナの発生状況などの情報発信', 'COVID-19 outbreak information'],
      ['安心な観光や飲食エリアの情報発信', 'Safe tourism and dining areas'],
    ] as const
  ).map(
    ([name, nameEn]): SeedService => ({
      operatorCode: '310000',
      name,
      nameEn,
      category: 'information',
      audiences: ['general'],
      handlesPersonalData: false,
      description: `鳥取県の10の公式LINEアカウントの一つ。${name}。`,
      timeline: stopped('国の調査で安全性が確認されるまで停止。'),
      channels: [
        { kind: 'email', label: 'メール' },
        { kind: 'phone', label: '電話' },
      ],
    }),
  ),

  // Vaccine reservations being prepared, put on hold.
  {
    operatorCode: '313718',
    name: 'LINEでの新型コロナ集団接種の予約',
    nameEn: 'LINE vaccine reservation for group vaccination',
    category: 'reservation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'LINEでの新型コロナ集団接種の予約（約90万円）。2021年3月中の導入を予定していた。',
    timeline: [
      { status: 'planned', effectiveAt: null, reason: '2021年3月中に導入予定。' },
      { status: 'postponed', effectiveAt: null, reason: '国の調査結果が出るまで導入を保留。' },
    ],
  },
  {
    operatorCode: '242071',
    name: 'LINEでのワクチン接種予約',
    nameEn: 'LINE vaccine reservation',
    category: 'reservation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: '2021年3月に準備中だった、LINEでの新型コロナワクチン接種の予約。',
    timeline: [
      { status: 'planned', effectiveAt: null, reason: '2021年3月時点で準備中。' },
      { status: 'postponed', effectiveAt: null, reason: '見合わせ。' },
    ],
  },

  // 三重県
  {
    operatorCode: '240001',
    name: '就職氷河期世代の就職相談（LINE）',
    nameEn: 'LINE consultation for job seekers of the employment ice-age generation',
    category: 'consultation',
    audiences: ['job_seekers', 'adults'],
    handlesPersonalData: true,
    description: '就職氷河期世代の就職に関する相談窓口のLINEアカウント。',
    // The source: the account was suspended and its data stays on LINE's servers.
    conversationDataStorage: 'line_servers',
    timeline: stopped('一時停止（データはLINEのサーバーに残る）。'),
  },

  // 島根県
  {
    operatorCode: '320005',
    name: '県民向け情報発信',
    nameEn: 'Information dissemination account',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: '島根県の公式LINEによる県民向け情報発信。2021年3月時点で調査中で、安全性が確認されれば継続。',
    timeline: [{ status: 'active', effectiveAt: null, reason: '調査中。安全性が確認されれば継続。' }],
  },

  // 愛知県
  {
    operatorCode: '230006',
    name: 'LINEを通じた行政サービス',
    nameEn: 'LINE administrative services',
    category: 'other',
    audiences: ['general'],
    handlesPersonalData: false,
    description: '愛知県のLINEを通じた行政サービス（出典に個別の記載なし）。',
    timeline: stopped('2021年3月に停止を発表。'),
  },

  // National bodies
  {
    operatorCode: 'mhlw',
    name: '入国者の健康状態の確認',
    nameEn: 'Daily health check of people entering Japan',
    category: 'health_monitoring',
    audiences: ['international_arrivals'],
    handlesPersonalData: true,
    description: '入国後14日間の待機中の入国者について、LINEまたはメールで毎日健康状態を確認する。',
    timeline: stopped('2021年3月20日からLINEの利用を停止。メールでの確認は継続し、水際対策に影響はないとしている。', '2021-03-20T00:00:00+09:00'),
    channels: [{ kind: 'email', label: 'メールによる健康状態の確認', notes: '継続。水際対策に影響はないとしている。' }],
  },
  {
    operatorCode: 'moj',
    name: 'SNSによる人権相談',
    nameEn: 'SNS human-rights consultation',
    category: 'consultation',
    audiences: ['general'],
    handlesPersonalData: true,
    description: 'LINEによる人権相談。',
    timeline: stopped('2021年3月に運用を中止。'),
  },
  {
    operatorCode: 'mic',
    name: 'LINEを通じた意見募集・問い合わせ',
    nameEn: 'Public comment and inquiries via LINE',
    category: 'application',
    audiences: ['general'],
    handlesPersonalData: false,
    description: 'LINEを通じた意見募集や問い合わせの受付。',
    timeline: stopped(STOPPED_IN_MARCH),
  },
  {
    operatorCode: 'cao',
    name: '防災に関する公式アカウント（避難行動判定フロー）',
    nameEn: 'Disaster-prevention account (evacuation decision flow)',
    category: 'information',
    audiences: ['general'],
    handlesPersonalData: false,
    description: '避難行動の判断を案内する、防災に関する公式LINEアカウント。個人情報は扱わない。',
    timeline: stopped(STOPPED_IN_MARCH),
  },
  {
    operatorCode: 'mlit',
    name: '職員採用日程の情報提供',
    nameEn: 'Recruitment schedule information',
    category: 'information',
    audiences: ['job_seekers'],
    handlesPersonalData: false,
    description: 'LINEによる職員採用日程の情報提供。',
    timeline: stopped(STOPPED_IN_MARCH),
  },
  {
    operatorCode: 'mod',
    name: '職員の採用募集・イベント開催の告知',
    nameEn: 'Recruitment and event notices',
    category: 'information',
    audiences: ['job_seekers', 'general'],
    handlesPersonalData: false,
    description: 'LINEによる職員の採用募集やイベント開催の告知。',
    timeline: stopped('2021年3月24日付の通知により停止。', '2021-03-24T00:00:00+09:00'),
  },
];
