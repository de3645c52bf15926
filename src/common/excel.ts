/**
 * exceljs, loaded when a workbook is first read or written (reports, import templates and
 * uploads), not at start: it is large, and most processes never need it.
 */
export async function loadExcel(): Promise<typeof import('exceljs')> {
  const loaded = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  return loaded.default ?? loaded;
}
