import { Injectable, PipeTransform } from '@nestjs/common';
import { fieldError } from '../common/errors';
import { PREFECTURE_CODE, PREFECTURE_CODE_MESSAGE } from '../local-governments/lg-code';

/** Route parameter that must be a two-digit prefecture number, 01 to 47. */
@Injectable()
export class PrefectureCodePipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'prefectureCode') {}

  transform(value: string): string {
    if (!PREFECTURE_CODE.test(value)) throw fieldError(this.field, PREFECTURE_CODE_MESSAGE);
    return value;
  }
}
