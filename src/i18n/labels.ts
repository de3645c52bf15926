import type { Role } from '../access/access-token.entity';
import type { Level } from '../availability/availability.repository';
import { FINDING_KINDS, SEVERITIES } from '../gaps/gap-rules';
import type { ClosedReasonCode } from '../hours/opening';
import { CHANNEL_KINDS, ChannelKind } from '../line-services/contact';
import {
  AUDIENCES,
  CONVERSATION_DATA_STORAGE,
  ConversationDataStorage,
  OrganizationLegalForm,
  SERVICE_CATEGORIES,
  SERVICE_STATUSES,
  ServiceStatus,
  VERIFICATION_METHODS,
  VerificationMethod,
} from '../line-services/vocabulary';
import { RECORD_TYPES, RecordType } from '../imports/record-types';
import { LG_KINDS } from '../local-governments/local-government.entity';

/**
 * The Japanese words for the API's English values: one table per vocabulary, used by the
 * reports, the import template and its reading, and the pages. The API's values stay
 * English (a contract); these are what people read and may write.
 *
 * `label` is what is shown. `accepts` lists the other words offices write for the same value
 * in a spreadsheet (停止 for 停止中); an import accepts the value, the label and these.
 */
export interface Label {
  label: string;
  accepts?: readonly string[];
}

type Table<V extends string> = Readonly<Record<V, Label>>;

export const STATUS_LABELS: Table<ServiceStatus> = {
  planned: { label: '導入予定', accepts: ['予定', '計画中'] },
  postponed: { label: '延期', accepts: ['保留', '見合わせ', '延期中'] },
  active: { label: '稼働中', accepts: ['稼働', '運用中', '運用', '継続', '再開'] },
  suspended: { label: '停止中', accepts: ['停止', '一時停止', '休止', '休止中', '中断'] },
  discontinued: { label: '廃止', accepts: ['終了', '運用中止', '廃止済み'] },
};

export const CHANNEL_KIND_LABELS: Table<ChannelKind> = {
  phone: { label: '電話', accepts: ['電話相談', '電話番号', 'TEL', 'でんわ'] },
  email: { label: 'メール', accepts: ['電子メール', 'Eメール', 'e-mail', 'メール相談', 'メールアドレス'] },
  fax: { label: 'FAX', accepts: ['ファックス', 'ファクス', 'ファクシミリ', 'FAX番号'] },
  web_form: { label: 'ウェブフォーム', accepts: ['Webフォーム', '問い合わせフォーム', 'フォーム'] },
  in_person: { label: '面談', accepts: ['来所', '窓口', '対面', '面接'] },
  chat_platform: { label: '他のチャット', accepts: ['チャット', 'SNS', '他のSNS'] },
  website: { label: 'ウェブサイト', accepts: ['ホームページ', 'HP', 'Webサイト', 'ウェブページ', 'Webページ'] },
  postal: { label: '郵送', accepts: ['手紙', '郵便'] },
};

/** The kinds of rows of an import (its 記録の種類 column). */
export const RECORD_TYPE_LABELS: Table<RecordType> = {
  status_change: { label: '状態変更', accepts: ['状態の変更', 'ステータス変更', '状態'] },
  fallback_channel: { label: '代替手段', accepts: ['代替連絡手段', '代替窓口', '連絡手段'] },
  service_info: { label: 'サービス情報', accepts: ['サービスの情報', '基本情報', '確認'] },
};

export const CATEGORY_LABELS: Table<(typeof SERVICE_CATEGORIES)[number]> = {
  consultation: { label: '相談' },
  information: { label: '情報発信' },
  reservation: { label: '予約' },
  payment: { label: '支払い' },
  application: { label: '申請' },
  health_monitoring: { label: '健康観察' },
  other: { label: 'その他' },
};

export const AUDIENCE_LABELS: Table<(typeof AUDIENCES)[number]> = {
  children: { label: '子ども' },
  youth: { label: '若者' },
  parents: { label: '保護者' },
  adults: { label: '大人' },
  elderly: { label: '高齢者' },
  foreign_residents: { label: '外国人住民' },
  medical_workers: { label: '医療従事者' },
  job_seekers: { label: '求職者' },
  international_arrivals: { label: '入国者' },
  general: { label: 'どなたでも' },
};

export const SEVERITY_LABELS: Table<(typeof SEVERITIES)[number]> = {
  critical: { label: '重大' },
  high: { label: '高' },
  medium: { label: '中' },
  low: { label: '低' },
};

export const FINDING_KIND_LABELS: Table<(typeof FINDING_KINDS)[number]> = {
  no_alternative: { label: '代替手段のない停止' },
  impending_no_alternative: { label: '代替手段のない停止の予定' },
  contact_unknown: { label: '連絡先未確認' },
  hours_not_covered: { label: '代替手段の時間外' },
  stale_record: { label: '確認期限切れ' },
};

export const LG_KIND_LABELS: Table<(typeof LG_KINDS)[number]> = {
  prefecture: { label: '都道府県' },
  city: { label: '市' },
  town: { label: '町' },
  village: { label: '村' },
  ward: { label: '特別区' },
  designated_city_ward: { label: '行政区' },
};

/** Where conversation data is stored (line_services.conversation_data_storage). */
export const STORAGE_LABELS: Table<ConversationDataStorage> = {
  line_servers: { label: 'LINEのサーバー', accepts: ['LINE社のサーバー', 'LINE'] },
  operator_system_in_japan: { label: '自団体・委託先のシステム（国内）', accepts: ['自団体のシステム', '自団体のシステム（国内）', '国内', '国内のシステム', '委託先のシステム', 'Messaging API'] },
  overseas: { label: '国外', accepts: ['海外', '国外のサーバー'] },
  unknown: { label: '不明', accepts: ['わからない', '未確認'] },
};

/** How a verification was made (service_verifications.method). */
export const VERIFICATION_METHOD_LABELS: Table<VerificationMethod> = {
  phone_call: { label: '電話で確認', accepts: ['電話', '電話確認'] },
  website: { label: 'ウェブサイトで確認', accepts: ['ウェブサイト', 'ホームページ', 'HP', 'Webサイト'] },
  official_notice: { label: '公式の通知・発表', accepts: ['通知', '公式発表', '報道発表', 'お知らせ'] },
  self_report: { label: '運営者の自己申告', accepts: ['自己申告', '申告'] },
};

/** The legal form of an organisation that runs services (organizations.legal_form). */
export const LEGAL_FORM_LABELS: Table<OrganizationLegalForm> = {
  certified_npo: { label: '認定NPO法人' },
  npo: { label: 'NPO法人' },
  general_incorporated: { label: '一般社団・財団法人' },
  public_interest: { label: '公益社団・財団法人' },
  other: { label: 'その他の団体' },
};

/** The level of a service in availability (whose operator it is, seen from a place). */
export const LEVEL_LABELS: Table<Level> = {
  municipality: { label: '市区町村' },
  prefecture: { label: '都道府県' },
  national: { label: '国' },
  organization: { label: '民間団体' },
};


/** Why a channel is closed (availability's closedReason codes). */
export const CLOSED_REASON_LABELS: Table<ClosedReasonCode> = {
  public_holiday: { label: '祝日のため休み' },
  closure: { label: '休業日' },
  outside_hours: { label: '時間外' },
  season_over: { label: '開設期間外' },
};

/** How a finding ended (findings.resolution, written by src/gaps/reconcile.sql.ts). */
export const RESOLUTION_LABELS: Table<string> = {
  fallback_added: { label: '代替手段が追加された' },
  service_resumed: { label: 'LINEの運用が再開された' },
  status_changed: { label: '状態が変わった' },
  change_took_effect: { label: '予定の変更が実施された' },
  change_withdrawn: { label: '予定の変更が取り下げられた' },
  superseded_by_no_alternative: { label: '代替手段のない停止に移った' },
  service_discontinued_with_alternative: { label: '代替手段を残して廃止された' },
  contact_added: { label: '連絡先が確認された' },
  hours_covered: { label: '時間外が解消された' },
  verified: { label: '確認済み' },
  policy_changed: { label: '確認期限の基準が変わった' },
  plan_fixed: { label: '移行計画が修正された' },
  plan_withdrawn: { label: '移行計画が取り下げられた' },
  switch_date_reached: { label: '移行日を迎えた' },
};

/** Who a token speaks for (access_tokens.role), as the signed-in pages name them. */
export const ROLE_LABELS: Table<Role> = {
  ministry: { label: '国（省庁）' },
  prefecture: { label: '都道府県' },
  municipality: { label: '市区町村' },
  npo: { label: '支援団体' },
};

/** A yes / no / not known fact (handles_confidential_data): はい, いいえ, 不明 (null). */
export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export type YesNoUnknown = (typeof YES_NO_UNKNOWN)[number];
export const YES_NO_LABELS: Table<YesNoUnknown> = {
  yes: { label: 'はい', accepts: ['true', 'あり', '有', '扱う', '〇', '○'] },
  no: { label: 'いいえ', accepts: ['false', 'なし', '無', '扱わない', '×'] },
  unknown: { label: '不明', accepts: ['未確認', 'わからない'] },
};

/** The label of a value (the value itself when the table has none, so new values still show). */
export function labelOf<V extends string>(table: Table<V>, value: V): string {
  return table[value]?.label ?? value;
}

/**
 * Normalises a word as people type it in a spreadsheet: NFKC (full-width ＡＢＣ and
 * half-width ｶﾅ become ABC and カナ), no spaces (ideographic ones included), lower case.
 */
export function normaliseWord(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/**
 * The reading of a table: every accepted word (the value, its label, the `accepts`)
 * normalised, to its value. Built once per table; a word two values claim is a mistake in
 * the table, refused when it is built.
 */
export function readerOf<V extends string>(table: Table<V>, values: readonly V[]): (word: string) => V | null {
  const words = new Map<string, V>();
  for (const value of values) {
    const { label, accepts = [] } = table[value];
    for (const word of [value, label, ...accepts].map(normaliseWord)) {
      const owner = words.get(word);
      if (owner !== undefined && owner !== value) throw new Error(`labels: "${word}" is claimed by both ${owner} and ${value}`);
      words.set(word, value);
    }
  }
  return (word) => words.get(normaliseWord(word)) ?? null;
}

export const readStatus = readerOf(STATUS_LABELS, SERVICE_STATUSES);
export const readChannelKind = readerOf(CHANNEL_KIND_LABELS, CHANNEL_KINDS);
export const readRecordType = readerOf(RECORD_TYPE_LABELS, RECORD_TYPES);
export const readStorage = readerOf(STORAGE_LABELS, CONVERSATION_DATA_STORAGE);
export const readVerificationMethod = readerOf(VERIFICATION_METHOD_LABELS, VERIFICATION_METHODS);
export const readYesNo = readerOf(YES_NO_LABELS, YES_NO_UNKNOWN);

/** The words shown as allowed values (the template's lists): the labels, in the vocabulary's order. */
export const STATUS_WORDS = SERVICE_STATUSES.map((s) => STATUS_LABELS[s].label);
export const CHANNEL_KIND_WORDS = CHANNEL_KINDS.map((k) => CHANNEL_KIND_LABELS[k].label);
export const RECORD_TYPE_WORDS = RECORD_TYPES.map((t) => RECORD_TYPE_LABELS[t].label);
export const STORAGE_WORDS = CONVERSATION_DATA_STORAGE.map((v) => STORAGE_LABELS[v].label);
export const VERIFICATION_METHOD_WORDS = VERIFICATION_METHODS.map((m) => VERIFICATION_METHOD_LABELS[m].label);
export const YES_NO_WORDS = YES_NO_UNKNOWN.map((v) => YES_NO_LABELS[v].label);
