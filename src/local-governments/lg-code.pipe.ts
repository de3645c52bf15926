import { Injectable, PipeTransform } from '@nestjs/common';
import { fieldProblem } from '../common/errors';
import { render } from '../i18n/messages';
import { checkDigit, lgCodeProblem } from './lg-code';

/** Route parameter that must be a local-government code with a correct check digit (messages from the catalogue). */
@Injectable()
export class LgCodePipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'code') {}

  transform(value: string): string {
    const problem = lgCodeProblem(value);
    if (problem === 'format') throw fieldProblem(this.field, render('validation.isLgCode'));
    if (problem === 'check_digit') throw fieldProblem(this.field, render('validation.isLgCode.checkDigit', { expected: checkDigit(value.slice(0, 5)) }));
    return value;
  }
}
