import type { OrganizationLegalForm } from '../src/line-services/vocabulary';
import type { SeedService } from './line-2021-cases';

/**
 * Operators other than governments in the March 2021 cases of
 * ../shared/reference/line-2021-cases.md, with only what the sources say of them: D×P's
 * public statement of 25 March 2021 (its consultation is for teenagers and takes them from
 * the whole country; it is funded by donations; it continued). No page, phone number or
 * starting date: the sources give none.
 */
export interface SeedOrganization {
  code: string;
  /** The name as the organisation writes it, without its legal form (that is `legalForm`). */
  name: string;
  legalForm: OrganizationLegalForm;
  /** The whole country, or the local governments listed. */
  coverage: { nationwide: true } | { localGovernments: string[] };
}

export const SEED_ORGANIZATIONS: SeedOrganization[] = [{ code: 'dxp', name: 'D×P', legalForm: 'certified_npo', coverage: { nationwide: true } }];

/** A service an organisation operates: its operatorCode is the organisation's code; it has an English name only where a source gives one. */
export type OrganizationSeedService = Omit<SeedService, 'nameEn'> & { operatorCode: (typeof SEED_ORGANIZATIONS)[number]['code'] };

export const ORGANIZATION_2021_CASES: OrganizationSeedService[] = [
  {
    operatorCode: 'dxp',
    name: 'ユキサキチャット',
    category: 'consultation',
    // 10代向け: teenagers, children of school age among them.
    audiences: ['children', 'youth'],
    handlesPersonalData: true,
    description:
      '認定NPO法人D×Pが運営する10代向けのLINE相談。全国から受け付け、寄付で運営している。2021年3月25日、LINE相談を急に止めないよう（止めるなら別の手段に切り替えてから止めるよう）省庁と自治体に求める声明を出し、自らは相談を継続した。',
    timeline: [{ status: 'active', effectiveAt: null, reason: '2021年3月以前から運用（開始日は出典に記載なし）。2021年3月25日の声明のとおり継続。' }],
    // The date of the statement that is the source of every fact above.
    verifiedAt: '2021-03-25T00:00:00+09:00',
  },
];
