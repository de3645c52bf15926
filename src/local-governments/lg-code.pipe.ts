import { Injectable, PipeTransform } from '@nestjs/common';
import { fieldError } from '../common/errors';
import { describeCodeProblem } from './lg-code';

/** Route parameter that must be a local-government code with a correct check digit. */
@Injectable()
export class LgCodePipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'code') {}

  transform(value: string): string {
    const problem = describeCodeProblem(value);
    if (problem) throw fieldError(this.field, problem);
    return value;
  }
}
