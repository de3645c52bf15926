import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { CreateLineServiceDto, LineServiceQuery } from '../line-services/dto/line-service.dto';
import { ApiError, ErrorDetail } from './errors';
import { createValidationPipe } from './validation';

const pipe = createValidationPipe();

/** What the application's pipe throws for a value: the details, in both languages. */
async function refused(value: unknown, metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'] = 'body'): Promise<ApiError> {
  try {
    await pipe.transform(value, { type, metatype });
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the pipe accepted the value');
}

const detail = (error: ApiError, field: string): ErrorDetail[] => (error.details ?? []).filter((d) => d.field === field);

const valid = {
  operatorCode: '011002',
  name: '子どものなやみ相談',
  category: 'consultation',
  audiences: ['children'],
  handlesPersonalData: true,
};

describe('validation details in English and Japanese', () => {
  it('keeps the English as class-validator writes it and adds the Japanese from the catalogue, naming the same field', async () => {
    const error = await refused(
      { ...valid, category: 'chat', name: 'あ'.repeat(201), colour: 'red', audiences: ['children', 'robots'], handlesPersonalData: 'yes' },
      CreateLineServiceDto,
    );
    expect(detail(error, 'category')).toEqual([
      {
        field: 'category',
        message: 'must be one of the following values: consultation, information, reservation, payment, application, health_monitoring, other',
        messageJa:
          '次のいずれかを指定してください: consultation（相談）、information（情報発信）、reservation（予約）、payment（支払い）、application（申請）、health_monitoring（健康観察）、other（その他）',
      },
    ]);
    expect(detail(error, 'name')).toEqual([{ field: 'name', message: 'must be shorter than or equal to 200 characters', messageJa: '200文字以内で入力してください' }]);
    expect(detail(error, 'colour')).toEqual([{ field: 'colour', message: 'property colour should not exist', messageJa: 'この項目は指定できません' }]);
    expect(detail(error, 'audiences')[0].messageJa).toMatch(/^次のいずれかを指定してください: children（子ども）、youth（若者）/);
    expect(detail(error, 'handlesPersonalData')).toEqual([{ field: 'handlesPersonalData', message: 'must be a boolean value', messageJa: 'true または false で指定してください' }]);
    expect(error.message).toContain('category: must be one of the following values');
    expect(error.messageJa).toBe(`入力内容に${error.details!.length}件の誤りがあります。${error.details!.map((d) => `${d.field}: ${d.messageJa}`).join('；')}`);
  });

  it('names the part of the hours at fault, in the API\'s path', async () => {
    const lineHours = { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '25:00', end: '21:00' }] };
    const [hours] = detail(await refused({ ...valid, lineHours }, CreateLineServiceDto), 'lineHours');
    expect(hours.message).toBe('is not valid hours: ranges[0].start must be a time HH:MM from 00:00 to 23:59');
    expect(hours.messageJa).toBe('受付時間の指定に誤りがあります。lineHours.ranges[0].start: 時刻は HH:MM 形式（00:00〜23:59）で入力してください');
  });

  it('fills nested fields, codes, instants, URLs and clean text', async () => {
    const error = await refused(
      {
        ...valid,
        operatorCode: '011001',
        description: 'ok',
        url: 'ftp://example.jp/',
        department: '福祉\n課',
        initialStatus: { status: 'paused', effectiveAt: '2021-03-26', sourceUrl: ' https://example.jp/' },
      },
      CreateLineServiceDto,
    );
    const ja = Object.fromEntries((error.details ?? []).map((d) => [d.field, d.messageJa]));
    expect(ja).toEqual({
      operatorCode: '検査数字が正しくありません（正しくは 2）',
      url: 'http:// または https:// で始まる URL を指定してください',
      department: 'タブや改行を含めず1行で入力してください（3文字目: U+000A）',
      'initialStatus.status': '次のいずれかを指定してください: planned（導入予定）、postponed（延期）、active（稼働中）、suspended（停止中）、discontinued（廃止）',
      'initialStatus.effectiveAt': '日時はタイムゾーン付きの ISO 8601 形式（1990年から2099年まで）で指定してください（例: 2021-03-26T00:00:00+09:00）',
      'initialStatus.sourceUrl': '先頭と末尾に空白を入れないでください',
    });
  });

  it('reads the bounds of query parameters from their constraints', async () => {
    const error = await refused({ limit: '0', prefecture: '48', hasOpenGap: 'maybe' }, LineServiceQuery, 'query');
    const ja = Object.fromEntries((error.details ?? []).map((d) => [d.field, d.messageJa]));
    expect(ja).toEqual({
      limit: '1以上の値を指定してください',
      prefecture: '都道府県番号（01〜47 の2桁）で指定してください',
      hasOpenGap: 'true または false で指定してください',
    });
    const tooMany = await refused({ limit: '501' }, LineServiceQuery, 'query');
    expect(tooMany.details).toEqual([{ field: 'limit', message: 'must not be greater than 500', messageJa: '500以下の値を指定してください' }]);
  });
});
