import type { MessageTemplate } from './index';

/**
 * The messages of request validation (the API's `details`).
 *
 * `validation.<constraint>` is the message of a class-validator constraint, by the name
 * class-validator gives it in `ValidationError.constraints` (the built-in ones and the
 * project's own: isInstant, isCleanText, isHours, isHttpUrl, isOperatorCode, isLgCode). Every
 * constraint the DTOs use has one (validation-messages.spec.ts fails otherwise). The English
 * templates are class-validator's own wording, which is what the API answers; the details
 * keep the English a validator produced (a contract), and take the Japanese from here.
 *
 * The other ids refine a constraint (which character class, which hours problem) or name an
 * error raised in code rather than by class-validator (path parameters, cursors).
 * Japanese messages name no field: the field comes before them as `field: …`.
 */
export const VALIDATION_MESSAGES = {
  // class-validator's system constraints
  'validation.whitelistValidation': { en: 'property {property} should not exist', ja: 'この項目は指定できません' },
  'validation.nestedValidation': { en: 'nested property {property} must be either object or array', ja: 'オブジェクトまたは配列で指定してください' },
  'validation.isDefined': { en: 'should not be null or undefined', ja: '必ず指定してください' },
  'validation.unknownValue': { en: 'an unknown value was passed to the validate function', ja: '入力値の形式が正しくありません' },

  // types
  'validation.isString': { en: 'must be a string', ja: '文字列で指定してください' },
  'validation.isInt': { en: 'must be an integer number', ja: '整数で指定してください' },
  'validation.isNumber': { en: 'must be a number conforming to the specified constraints', ja: '数値で指定してください' },
  'validation.isBoolean': { en: 'must be a boolean value', ja: 'true または false で指定してください' },
  'validation.isArray': { en: 'must be an array', ja: '配列で指定してください' },
  'validation.isObject': { en: 'must be an object', ja: 'オブジェクトで指定してください' },
  'validation.isUuid': { en: 'must be a UUID', ja: 'UUID の形式で指定してください' },
  'validation.isNotEmpty': { en: 'should not be empty', ja: '値を入力してください' },

  // values
  'validation.isIn': { en: 'must be one of the following values: {values}', ja: '次のいずれかを指定してください: {valuesJa}' },
  'validation.isEnum': { en: 'must be one of the following values: {values}', ja: '次のいずれかを指定してください: {valuesJa}' },
  'validation.maxLength': { en: 'must be shorter than or equal to {max} characters', ja: '{max}文字以内で入力してください' },
  'validation.minLength': { en: 'must be longer than or equal to {min} characters', ja: '{min}文字以上で入力してください' },
  'validation.min': { en: 'must not be less than {min}', ja: '{min}以上の値を指定してください' },
  'validation.max': { en: 'must not be greater than {max}', ja: '{max}以下の値を指定してください' },
  'validation.arrayMaxSize': { en: 'must contain no more than {max} elements', ja: '{max}件以内で指定してください' },
  'validation.arrayMinSize': { en: 'must contain at least {min} elements', ja: '{min}件以上指定してください' },
  'validation.arrayUnique': { en: "All {property}'s elements must be unique", ja: '同じ値を重ねて指定することはできません' },
  'validation.matches': { en: 'must match {pattern} regular expression', ja: '形式が正しくありません（{english}）' },
  'validation.matches.prefectureCode': { en: 'must be a 2-digit prefecture number from 01 to 47', ja: '都道府県番号（01〜47 の2桁）で指定してください' },

  // the project's own validators
  'validation.isInstant': {
    en: 'must be an ISO 8601 date-time with a time zone between 1990 and 2100, such as 2021-03-26T00:00:00+09:00',
    ja: '日時はタイムゾーン付きの ISO 8601 形式（1990年から2099年まで）で指定してください（例: 2021-03-26T00:00:00+09:00）',
  },
  'validation.isCleanText': { en: 'must be clean text', ja: '使用できない文字が含まれています' },
  'validation.isCleanText.lineBreak': {
    en: 'must be a single line: no tabs or line breaks ({codePoint} at character {position})',
    ja: 'タブや改行を含めず1行で入力してください（{position}文字目: {codePoint}）',
  },
  'validation.isCleanText.control': {
    en: 'must not contain control characters ({codePoint} at character {position})',
    ja: '制御文字は使用できません（{position}文字目: {codePoint}）',
  },
  'validation.isCleanText.surrogate': {
    en: 'must be well-formed Unicode (it has a lone surrogate) ({codePoint} at character {position})',
    ja: '文字化けした文字（対になっていないサロゲート）が含まれています（{position}文字目: {codePoint}）',
  },
  'validation.isCleanText.nonCharacter': {
    en: 'must not contain Unicode non-characters ({codePoint} at character {position})',
    ja: 'Unicode の非文字は使用できません（{position}文字目: {codePoint}）',
  },
  'validation.isCleanText.bidiControl': {
    en: 'must not contain bidirectional override or isolate controls ({codePoint} at character {position})',
    ja: '文字の表示方向を変える制御文字は使用できません（{position}文字目: {codePoint}）',
  },
  'validation.isHttpUrl': { en: 'must be an http(s) URL', ja: 'http:// または https:// で始まる URL を指定してください' },
  'validation.isHttpUrl.tooLong': { en: 'must be an http(s) URL of at most {max} characters', ja: 'URL は{max}文字以内で指定してください' },
  'validation.isHttpUrl.spaces': { en: 'must not begin or end with a space', ja: '先頭と末尾に空白を入れないでください' },
  'validation.isOperatorCode': {
    en: 'must be a 6-digit local-government code, or the code of a national body (such as mhlw) or of an organisation',
    ja: '6桁の全国地方公共団体コード、または国の機関（例: mhlw）か団体のコードを指定してください',
  },
  'validation.isLgCode': { en: 'must be a 6-digit local-government code', ja: '6桁の全国地方公共団体コードを指定してください' },
  'validation.operatorCode.unknownLocalGovernment': { en: 'no local government has the code {code}', ja: 'コード {code} の地方公共団体はありません' },
  'validation.operatorCode.unknownNationalBody': { en: 'no national body has the code {code}', ja: 'コード {code} の国の機関はありません' },
  'validation.operatorCode.unknownOperator': { en: 'no national body or organisation has the code {code}', ja: 'コード {code} の国の機関・団体はありません' },
  'validation.successorServiceId.unknown': { en: 'no service has the id {id}', ja: 'ID {id} のサービスはありません' },
  'validation.successorServiceId.self': { en: 'must be another service than this one', ja: 'このサービス自身は後継に指定できません' },
  'validation.isCalendarDate': { en: 'must be a date YYYY-MM-DD', ja: '日付は YYYY-MM-DD 形式で指定してください' },
  'validation.coverage.oneOf': {
    en: 'must be {"nationwide": true} or {"localGovernments": [...]}, one of the two',
    ja: '全国（{"nationwide": true}）か、地方公共団体の一覧（{"localGovernments": [...]}）のどちらか一方を指定してください',
  },
  'validation.coverage.unknownLocalGovernment': { en: 'no local government has the code {code}', ja: 'コード {code} の地方公共団体はありません' },
  'validation.isLgCode.checkDigit': { en: 'has a wrong check digit (expected {expected})', ja: '検査数字が正しくありません（正しくは {expected}）' },
  'validation.isHours': { en: 'is not valid hours: {problems}', ja: '受付時間の指定に誤りがあります。{problems}' },

  // the problems of hours (hours.ts' hoursProblems), each after the path of the part at fault
  'validation.hours.notObject': { en: 'must be an object with a type of "always", "days" or "weekly"', ja: 'type が "always"、"days"、"weekly" のいずれかのオブジェクトで指定してください' },
  'validation.hours.unknownProperty': { en: 'is not a known property', ja: '指定できない項目です' },
  'validation.hours.type': { en: 'must be "always", "days" or "weekly"', ja: '"always"、"days"、"weekly" のいずれかを指定してください' },
  'validation.hours.oneOf': { en: 'must be one of {values}', ja: '次のいずれかを指定してください: {valuesJa}' },
  'validation.hours.rangesArray': { en: 'must be an array (use type "always" for 24 hours)', ja: '配列で指定してください（24時間受け付ける場合は type を "always" にしてください）' },
  'validation.hours.rangesEmpty': {
    en: 'must not be empty unless seasons, specialOpenings or monthly open it (use type "always" for 24 hours)',
    ja: 'seasons、specialOpenings、monthly のいずれかで受付日を定める場合を除き、空にはできません（24時間受け付ける場合は type を "always" にしてください）',
  },
  'validation.hours.days': { en: 'must be a non-empty array of {values}', ja: '{valuesJa} のいずれかを並べた配列で指定してください（空にはできません）' },
  'validation.hours.repeatedDay': { en: 'must not repeat a day', ja: '同じ曜日を重ねて指定することはできません' },
  'validation.hours.text': { en: 'must be a string of at most {max} characters', ja: '{max}文字以内の文字列で入力してください' },
  'validation.hours.array': { en: 'must be an array', ja: '配列で指定してください' },
  'validation.hours.nonEmptyArray': { en: 'must be a non-empty array', ja: '1件以上の配列で指定してください' },
  'validation.hours.tooMany': { en: 'may hold at most {max} entries', ja: '{max}件以内で指定してください' },
  'validation.hours.object': { en: 'must be an object', ja: 'オブジェクトで指定してください' },
  'validation.hours.rangeObject': { en: 'must be an object with {keys}', ja: '{keys} を持つオブジェクトで指定してください' },
  'validation.hours.boolean': { en: 'must be true or false', ja: 'true または false で指定してください' },
  'validation.hours.yearlyDate': { en: 'must be a day of the year MM-DD (yearly)', ja: '毎年の日付を MM-DD 形式で指定してください' },
  'validation.hours.date': { en: 'must be a date YYYY-MM-DD (or MM-DD with "yearly": true)', ja: '日付は YYYY-MM-DD 形式で指定してください（毎年の場合は "yearly": true として MM-DD 形式）' },
  'validation.hours.toBeforeFrom': { en: 'must not be before from', ja: 'from より前の日付は指定できません' },
  'validation.hours.week': { en: 'must be 1 to 5 (the nth such weekday of the month) or -1 (the last)', ja: '第何週かを 1〜5、最終週は -1 で指定してください' },
  'validation.hours.start': { en: 'must be a time HH:MM from 00:00 to 23:59', ja: '時刻は HH:MM 形式（00:00〜23:59）で入力してください' },
  'validation.hours.end': { en: 'must be a time HH:MM from 00:00 to 48:00 (past 24:00: the next day)', ja: '時刻は HH:MM 形式（00:00〜48:00、24:00 を超える時刻は翌日）で入力してください' },
  'validation.hours.lastIntake': { en: 'must be a time HH:MM from 00:00 to 48:00', ja: '時刻は HH:MM 形式（00:00〜48:00）で入力してください' },
  'validation.hours.intakeOutside': { en: 'must lie after start and before end', ja: '開始時刻より後、終了時刻より前の時刻を指定してください' },
  'validation.hours.emptyRange': { en: 'is empty: start and end are the same (use type "always" for 24 hours)', ja: '開始時刻と終了時刻が同じです（24時間受け付ける場合は type を "always" にしてください）' },
  'validation.hours.overlap': { en: '{other} overlap', ja: '{other} と時間帯が重なっています' },
  'validation.hours.other': { en: '{english}', ja: '指定に誤りがあります（{english}）' },

  // a fallback channel's rules across fields (channelProblems: the API and imports alike)
  'channel.platform.required': { en: 'is required for a chat_platform channel', ja: '種類が「{chatJa}」のときは必須です（Microsoft Teams などチャットの名前を入力してください）' },
  'channel.platform.onlyForChat': { en: 'is only for chat_platform channels', ja: '種類が「{chatJa}」のときだけ指定できます' },
  'channel.contact.phone': {
    en: 'must be a Japanese phone number such as 0120-123-456, 03-1234-5678 or a 3-digit short number',
    ja: '電話番号（0120-123-456、03-1234-5678、3桁の番号など）を入力してください',
  },
  'channel.contact.email': { en: 'must be an e-mail address', ja: 'メールアドレスを入力してください' },
  'channel.contact.url': { en: 'must be an http(s) URL', ja: 'http:// か https:// で始まる URL を入力してください' },
  'channel.contact.chat': { en: 'must be the http(s) URL where the chat is reached', ja: 'チャットにつながる URL（http:// か https:// で始まるもの）を入力してください' },
  'channel.contact.address': { en: 'must be an address of at most 300 characters', ja: '300文字以内の住所を入力してください' },
  'channel.validUntil.beforeFrom': { en: 'must not be before validFrom', ja: '有効期間の開始（validFrom）より前の日時にはできません' },

  // errors raised in code, not by class-validator
  'validation.uuidParam': { en: 'must be a UUID', ja: 'UUID の形式で指定してください' },
  'validation.numericIdParam': { en: 'must be a numeric id', ja: '数字の ID で指定してください' },
  'validation.ifMatch': { en: 'must be the ETag of the service, such as "3"', ja: 'サービスの ETag（例: "3"）を指定してください' },
  'validation.cursor': { en: 'is not a cursor this list issued', ja: 'この一覧が発行したカーソルではありません' },
  'validation.tooDeep': { en: 'nests more than {max} levels', ja: '入れ子が深すぎます（{max}段まで）' },
  'validation.reservedKey': { en: 'should not exist', ja: 'この項目は指定できません' },
  'validation.unknownParameter': { en: 'is not a known parameter', ja: '指定できないパラメーターです' },
  'validation.fallback': { en: '{english}', ja: '入力値が正しくありません（{english}）' },
  'validation.summary': { en: '{list}', ja: '入力内容に{count}件の誤りがあります。{list}' },

  // the body's message of other errors, by status, where the client asked for Japanese
  'error.400': { en: '{english}', ja: 'リクエストの内容に誤りがあります（{english}）' },
  'error.401': { en: '{english}', ja: '認証が必要です。有効なトークンを指定してください（{english}）' },
  'error.401.expired': {
    en: 'the token expired at {expiresAt}; ask for a new one',
    ja: 'このトークンは有効期限（{expiresAtJa}）を過ぎています。新しいトークンの発行を管理者に依頼してください',
  },
  'error.403': { en: '{english}', ja: 'この操作を行う権限がありません（{english}）' },
  'error.404': { en: '{english}', ja: '対象が見つかりません（{english}）' },
  'error.409': { en: '{english}', ja: '現在の登録内容と矛盾するため処理できません（{english}）' },
  'error.412': { en: '{english}', ja: 'ほかの更新が先に行われました。最新の内容を取得してからやり直してください（{english}）' },
  'error.413': { en: '{english}', ja: 'リクエストが大きすぎます（{english}）' },
  'error.415': { en: '{english}', ja: '対応していない形式です（{english}）' },
  'error.422': { en: '{english}', ja: '内容に誤りがあるため処理できません（{english}）' },
  'error.429': { en: '{english}', ja: 'リクエストが多すぎます。しばらくしてからやり直してください（{english}）' },
  'error.500': { en: '{english}', ja: 'サーバーでエラーが発生しました（{english}）' },
  'error.503': { en: '{english}', ja: '一時的に利用できません。しばらくしてからやり直してください（{english}）' },
  'error.other': { en: '{english}', ja: 'エラーが発生しました（{english}）' },
} as const satisfies Record<string, MessageTemplate>;
