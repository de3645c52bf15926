import { Injectable, PipeTransform } from '@nestjs/common';
import { fieldError } from '../common/errors';
import { ORGANIZATION_CODE, ORGANIZATION_CODE_MESSAGE } from './organization-code';

/** Route parameter that must be an organisation's code (a 400 naming it otherwise). */
@Injectable()
export class OrganizationCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ORGANIZATION_CODE.test(value)) throw fieldError('code', ORGANIZATION_CODE_MESSAGE);
    return value;
  }
}
