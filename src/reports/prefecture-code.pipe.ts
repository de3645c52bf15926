import { Injectable, PipeTransform } from '@nestjs/common';
import { fieldProblem } from '../common/errors';
import { render } from '../i18n/messages';
import { PREFECTURE_CODE } from '../local-governments/lg-code';

/** Route parameter that must be a two-digit prefecture number, 01 to 47. */
@Injectable()
export class PrefectureCodePipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'prefectureCode') {}

  transform(value: string): string {
    if (!PREFECTURE_CODE.test(value)) throw fieldProblem(this.field, render('validation.matches.prefectureCode'));
    return value;
  }
}
