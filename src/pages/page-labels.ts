/**
 * Words the pages need that src/i18n/labels.ts does not have yet. They belong there (one
 * place for every enum's Japanese label); kept here only until they are moved, and used
 * through these names so the move is a change of import.
 */
export const LEVEL_LABELS: Readonly<Record<'municipality' | 'prefecture' | 'national', string>> = {
  municipality: '市区町村',
  prefecture: '都道府県',
  national: '国',
};

/** availability's closedReason codes. */
export const CLOSED_REASON_LABELS: Readonly<Record<string, string>> = {
  public_holiday: '祝日のため休み',
  closure: '休業日',
  outside_hours: '時間外',
  season_over: '開設期間外',
};

/** How a gap ended (findings.resolution, reconcile.sql.ts). */
export const RESOLUTION_LABELS: Readonly<Record<string, string>> = {
  fallback_added: '代替手段が追加された',
  service_resumed: 'LINEの運用が再開された',
  status_changed: '状態が変わった',
  change_took_effect: '予定の変更が実施された',
  change_withdrawn: '予定の変更が取り下げられた',
  superseded_by_no_alternative: '代替手段のない停止に移った',
  service_discontinued_with_alternative: '代替手段を残して廃止された',
  contact_added: '連絡先が確認された',
  hours_covered: '時間外が解消された',
};

export const labelIn = (table: Readonly<Record<string, string>>, value: string | null): string => (value === null ? '' : (table[value] ?? value));
