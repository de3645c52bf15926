import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DtoClass, hasValidation, stringFields } from '../../test/support/dto-fields';

/**
 * Every string field of every DTO (bodies and queries) goes through the clean-text rule:
 * free text through IsText/IsCleanText, URLs through IsHttpUrl, and the rest through a
 * validator that admits only a closed vocabulary or a format (IsIn, IsInstant, codes,
 * Matches). The DTO classes are found by reading every src/**\/dto/*.ts, so a DTO or a field
 * added later is checked without anyone listing it.
 */
const SRC = join(__dirname, '..');

function dtoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return dtoFiles(path);
    return /\/dto\/[^/]+\.ts$/.test(path) && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function dtoClasses(): { file: string; dto: DtoClass }[] {
  return dtoFiles(SRC).flatMap((file) => {
    const exports = require(file) as Record<string, unknown>;
    return Object.values(exports)
      .filter((value): value is DtoClass => typeof value === 'function' && hasValidation(value as DtoClass))
      .map((dto) => ({ file: relative(SRC, file), dto }));
  });
}

// Text that may span lines: what a person writes at length. Anything else is one line.
const MULTILINE_FIELDS = ['description', 'reason', 'notes', 'initialStatus.reason', 'note'];

describe('the clean-text rule covers every string field of every DTO', () => {
  const classes = dtoClasses();
  const fields = classes.flatMap(({ file, dto }) => stringFields(dto).map((f) => ({ file, ...f })));

  it('finds the DTOs and their fields', () => {
    const names = classes.map(({ dto }) => dto.name);
    for (const dto of ['CreateLineServiceDto', 'UpdateLineServiceDto', 'CreateStatusChangeDto', 'CreateFallbackChannelDto', 'UpdateFallbackChannelDto', 'CreateWebhookDto']) expect(names).toContain(dto);
    expect(fields.map((f) => `${f.dto}.${f.field}`)).toEqual(expect.arrayContaining(['CreateLineServiceDto.url', 'CreateLineServiceDto.initialStatus.sourceUrl', 'CreateWebhookDto.url', 'CreateFallbackChannelDto.contact']));
  });

  it('no string field is checked for its type and length alone', () => {
    expect(fields.filter((f) => f.rule.kind === 'unchecked').map((f) => `${f.file}: ${f.dto}.${f.field} (${f.validators.join(', ')})`)).toEqual([]);
  });

  it('URL fields use IsHttpUrl, and only free text of the kinds that span lines is multi-line', () => {
    expect(fields.filter((f) => /url$/i.test(f.field) && f.rule.kind !== 'url').map((f) => `${f.dto}.${f.field}`)).toEqual([]);
    expect(fields.filter((f) => f.rule.kind === 'text' && f.rule.multiline && !MULTILINE_FIELDS.includes(f.field)).map((f) => `${f.dto}.${f.field}`)).toEqual([]);
  });
});
