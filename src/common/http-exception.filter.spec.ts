import type { ErrorBody } from './errors';
import { inEnglish, inJapanese } from './http-exception.filter';

const validation: ErrorBody = {
  statusCode: 400,
  error: 'Bad Request',
  message: 'name: must be shorter than or equal to 200 characters; kind: contact is required',
  details: [
    { field: 'name', message: 'must be shorter than or equal to 200 characters', messageJa: '200文字以内で入力してください' },
    { field: 'kind', message: 'contact is required' },
  ],
  requestId: 'r1',
};

describe('the error body in the language asked for', () => {
  it('English: exactly the body of before, without any messageJa', () => {
    expect(inEnglish({ ...validation, messageJa: '入力内容に誤りがあります' })).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: validation.message,
      details: [
        { field: 'name', message: 'must be shorter than or equal to 200 characters' },
        { field: 'kind', message: 'contact is required' },
      ],
      requestId: 'r1',
    });
    expect(inEnglish({ statusCode: 404, error: 'Not Found', message: 'service x not found', requestId: 'r2' })).toEqual({ statusCode: 404, error: 'Not Found', message: 'service x not found', requestId: 'r2' });
  });

  it('Japanese: every detail has messageJa (the generic one with the English where code gave none), and so has the body', () => {
    const body = inJapanese(validation);
    expect(body.details).toEqual([
      { field: 'name', message: 'must be shorter than or equal to 200 characters', messageJa: '200文字以内で入力してください' },
      { field: 'kind', message: 'contact is required', messageJa: '入力値が正しくありません（contact is required）' },
    ]);
    expect(body.messageJa).toBe('入力内容に2件の誤りがあります。name: 200文字以内で入力してください；kind: 入力値が正しくありません（contact is required）');
    expect(body.message).toBe(validation.message);
    expect(Object.keys(body)).toEqual(['statusCode', 'error', 'message', 'details', 'messageJa', 'requestId']);
  });

  it('Japanese: a messageJa the error brought is kept', () => {
    expect(inJapanese({ ...validation, messageJa: 'id: UUID の形式で指定してください' }).messageJa).toBe('id: UUID の形式で指定してください');
  });

  it('Japanese: other errors by status, with the English inside', () => {
    expect(inJapanese({ statusCode: 403, error: 'Forbidden', message: 'outside your prefecture', requestId: 'r' }).messageJa).toBe('この操作を行う権限がありません（outside your prefecture）');
    expect(inJapanese({ statusCode: 418, error: "I'm A Teapot", message: 'tea', requestId: 'r' }).messageJa).toBe('エラーが発生しました（tea）');
    const health = inJapanese({ statusCode: 503, error: 'Service Unavailable', message: 'unhealthy: redis', details: [{ field: 'redis', message: 'down' }], requestId: 'r' });
    expect(health.messageJa).toBe('一時的に利用できません。しばらくしてからやり直してください（unhealthy: redis）');
    expect(health.details).toEqual([{ field: 'redis', message: 'down', messageJa: '一時的に利用できません。しばらくしてからやり直してください（down）' }]);
  });
});
