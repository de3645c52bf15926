import { deflateRawSync } from 'node:zlib';
import { loadExcel } from '../common/excel';
import { checkArchive, cellText, looksLikeZip, readXlsx, XLSX_LIMITS } from './xlsx';
import { FileProblem } from './sheet';

// Fixed dates: 2021-03-26, the day the seed cases' LINE services stopped, as cell contents.

/** A zip archive of the entries, deflated, each declaring `declared(size)` as its size (a liar, if asked). */
function zip(entries: Record<string, Buffer>, declared: (size: number) => number = (size) => size): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = deflateRawSync(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared(content.length), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared(content.length), 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const problem = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(FileProblem);
    return (error as FileProblem).rendered;
  }
  throw new Error('no problem');
};

async function workbook(fill: (wb: import('exceljs').Workbook) => void): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX: hostile archives', () => {
  it('refuses an entry that unpacks further than it declares (a zip bomb), before exceljs unpacks it', () => {
    const bomb = zip({ 'xl/workbook.xml': Buffer.alloc(10 * 1024 * 1024) }, () => 100);
    expect(looksLikeZip(bomb)).toBe(true);
    expect(problem(() => checkArchive(bomb, XLSX_LIMITS)).message).toMatch(/not an Excel workbook.*does not unpack to the size it declares/);
  });

  it('refuses an archive that declares more than the limit, and one that is not a workbook', () => {
    const big = zip({ 'xl/workbook.xml': Buffer.alloc(2048), 'xl/worksheets/sheet1.xml': Buffer.alloc(2048) });
    expect(problem(() => checkArchive(big, { ...XLSX_LIMITS, unpackedBytes: 3000 })).messageJa).toMatch(/大きすぎます/);
    expect(() => checkArchive(big, XLSX_LIMITS)).not.toThrow();
    expect(problem(() => checkArchive(zip({ 'word/document.xml': Buffer.from('<w/>') }), XLSX_LIMITS)).message).toMatch(/no xl\/workbook.xml/);
    expect(problem(() => checkArchive(Buffer.from('PK\u0003\u0004 and then nothing'), XLSX_LIMITS)).message).toMatch(/central directory/);
  });

  it('refuses a sheet with more rows than the limit, and a workbook exceljs cannot read', async () => {
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('入力');
      for (let i = 0; i < 50; i++) sheet.addRow(['状態変更', i]);
    });
    await expect(readXlsx(bytes, undefined, 10, { ...XLSX_LIMITS, rows: 20 })).rejects.toThrow(/more than 20 rows/);
    await expect(readXlsx(zip({ 'xl/workbook.xml': Buffer.from('<not xml') }), undefined, 10)).rejects.toThrow(FileProblem);
  });
});

describe('XLSX: sheets and cells', () => {
  it('reads the first visible sheet, or a named one, and lists the sheets for an unknown name', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('隠し', { state: 'hidden' }).addRow(['hidden']);
      wb.addWorksheet('入力').addRows([['記録の種類'], [], ['状態変更']]);
      wb.addWorksheet('Sheet2').addRows([['record_type'], ['fallback_channel']]);
    });
    const first = await readXlsx(bytes, undefined, 10);
    expect(first).toEqual({ sheet: '入力', header: ['記録の種類'], headerRow: 1, records: [{ row: 3, values: ['状態変更'] }] });
    expect((await readXlsx(bytes, 'Sheet2', 10)).records).toEqual([{ row: 2, values: ['fallback_channel'] }]);
    const unknown = await readXlsx(bytes, 'シート1', 10).catch((error: FileProblem) => error);
    expect(unknown).toBeInstanceOf(FileProblem);
    expect((unknown as FileProblem).field).toBe('sheet');
    expect((unknown as FileProblem).message).toBe('the workbook has no sheet named "シート1"; its sheets: "隠し", "入力", "Sheet2"');
  });

  it('reads each kind of cell as the text it stands for', () => {
    // exceljs's date cells hold Excel's wall-clock time in the Date's UTC fields.
    expect(cellText(new Date(Date.UTC(2021, 2, 26, 9, 0, 0, 400)))).toBe('2021-03-26 09:00:00');
    expect(cellText(new Date(Date.UTC(2021, 2, 26, 8, 59, 59, 999)))).toBe('2021-03-26 09:00:00');
    expect(cellText(10006)).toBe('10006');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText({ richText: [{ text: '電話' }, { font: { bold: true }, text: '相談' }] })).toBe('電話相談');
    expect(cellText({ text: 'お知らせ', hyperlink: 'https://example.jp/' })).toBe('お知らせ');
    expect(cellText({ formula: 'A1&B1', result: '停止中' })).toBe('停止中');
    expect(cellText({ formula: 'DATE(2021,3,26)', result: new Date(Date.UTC(2021, 2, 26)) })).toBe('2021-03-26 00:00:00');
    expect(cellText({ formula: 'A1', result: undefined } as never)).toEqual({ problem: expect.objectContaining({ message: expect.stringMatching(/no saved result/) }) });
    expect(cellText({ error: '#N/A' })).toEqual({ problem: expect.objectContaining({ message: 'the cell holds the Excel error #N/A' }) });
    expect(cellText(null)).toBe('');
  });

  it('keeps the rows numbered as the sheet shows them, with unreadable cells named', async () => {
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('入力');
      sheet.getCell('A1').value = '記録の種類';
      sheet.getCell('B1').value = '状態';
      sheet.getCell('A5').value = '状態変更';
      sheet.getCell('B5').value = { error: '#REF!' } as never;
    });
    const read = await readXlsx(bytes, undefined, 10);
    expect(read.records).toEqual([{ row: 5, values: ['状態変更'], unreadable: new Map([[1, expect.objectContaining({ message: 'the cell holds the Excel error #REF!' })]]) }]);
  });
});
