import { conflictingServiceInfo, deduplicate, instantKey, isRetired, mergeServiceInfo, newVerifications, skipRepeats, WithService } from './deduplication';
import type { ChannelDraft, ServiceInfoDraft, StatusChangeDraft } from './rows';

// Fixed dates: "now" is an argument of these functions, so the dates are relative to a fixed
// NOW (2024-06-01) and hold whatever the day the tests run.

const NOW = Date.parse('2024-06-01T00:00:00Z');
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const ref = { serviceId: null, operatorCode: '011002', serviceName: 'x' };

function change(row: number, fields: Partial<StatusChangeDraft> & { serviceId?: string } = {}): WithService<StatusChangeDraft> {
  const { serviceId = A, ...rest } = fields;
  return { type: 'status_change', row, ref, status: 'suspended', effectiveAt: '2024-07-01T00:00:00+09:00', reason: null, sourceUrl: null, service: { id: serviceId }, ...rest };
}

function channel(row: number, fields: Partial<ChannelDraft> & { serviceId?: string } = {}): WithService<ChannelDraft> {
  const { serviceId = A, ...rest } = fields;
  return {
    type: 'fallback_channel',
    row,
    ref,
    kind: 'phone',
    platform: null,
    label: '電話相談',
    contact: '011-000-0000',
    hours: null,
    notes: null,
    validFrom: null,
    validUntil: null,
    service: { id: serviceId },
    ...rest,
  };
}

const rowsOf = (rows: { row: number }[]) => rows.map((r) => r.row);

describe('import deduplication', () => {
  describe('instantKey', () => {
    it('is the same for one instant however it is written, to the microsecond', () => {
      expect(instantKey('2024-07-01T00:00:00+09:00')).toBe(instantKey('2024-06-30T15:00:00Z'));
      expect(instantKey('2024-07-01T00:00:00.5+09:00')).toBe(instantKey('2024-06-30T15:00:00.500000Z'));
      expect(instantKey('2024-07-01T00:00:00.000001Z')).toBe(instantKey('2024-07-01T09:00:00.000001+09:00'));
    });

    it('tells apart instants a microsecond apart, and a missing instant from any', () => {
      expect(instantKey('2024-07-01T00:00:00.000001Z')).not.toBe(instantKey('2024-07-01T00:00:00.000002Z'));
      expect(instantKey('2024-07-01T00:00:00.001Z')).not.toBe(instantKey('2024-07-01T00:00:00Z'));
      expect(instantKey(null)).toBe('');
      expect(instantKey('1970-01-01T00:00:00Z')).not.toBe('');
    });
  });

  it('isRetired: a channel whose validity ended at or before now', () => {
    expect(isRetired({ validUntil: null }, NOW)).toBe(false);
    expect(isRetired({ validUntil: '2024-06-01T00:00:00Z' }, NOW)).toBe(true);
    expect(isRetired({ validUntil: '2024-05-31T00:00:00Z' }, NOW)).toBe(true);
    expect(isRetired({ validUntil: '2024-06-01T00:00:00.001Z' }, NOW)).toBe(false);
  });

  describe('skipRepeats (in-file duplicates)', () => {
    it('keeps the first of status changes with the same service, status, effective time and reason', () => {
      const rows = [
        change(2),
        change(3, { effectiveAt: '2024-06-30T15:00:00Z' }), // the same instant
        change(4, { reason: 'maintenance' }),
        change(5, { reason: 'maintenance' }),
        change(6, { status: 'discontinued' }),
        change(7, { serviceId: B }),
        change(8, { effectiveAt: '2024-07-01T00:00:00.000001+09:00' }),
      ];
      expect(rowsOf(skipRepeats(rows, NOW))).toEqual([2, 4, 6, 7, 8]);
    });

    it('tells a missing reason from an empty one', () => {
      expect(rowsOf(skipRepeats([change(2, { reason: null }), change(3, { reason: '' })], NOW))).toEqual([2, 3]);
    });

    it('skips a channel that repeats an earlier one that is not retired, whatever its validity', () => {
      const rows = [
        channel(2),
        channel(3, { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' }),
        channel(4, { contact: '011-000-0001' }),
        channel(5, { label: '別の窓口' }),
        channel(6, { kind: 'email', contact: 'a@example.jp' }),
        channel(7, { serviceId: B }),
        channel(8, { validUntil: '2030-01-01T00:00:00Z' }),
      ];
      expect(rowsOf(skipRepeats(rows, NOW))).toEqual([2, 4, 5, 6, 7]);
    });

    it('keeps retired channels with different validities, and skips one with the very same validity', () => {
      const past = { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' };
      const rows = [
        channel(2, past),
        channel(3, { validFrom: '2021-01-01T00:00:00Z', validUntil: '2022-01-01T00:00:00Z' }),
        channel(4, { validFrom: '2020-01-01T09:00:00+09:00', validUntil: '2021-01-01T09:00:00+09:00' }), // row 2's validity
        channel(5), // a current one after retired ones: new
        channel(6, past), // repeats the current row 5
      ];
      expect(rowsOf(skipRepeats(rows, NOW))).toEqual([2, 3, 5]);
    });

    it('judges retirement at the given time', () => {
      const rows = [channel(2, { validUntil: '2024-07-01T00:00:00Z' }), channel(3, { validUntil: '2025-01-01T00:00:00Z' })];
      expect(rowsOf(skipRepeats(rows, NOW))).toEqual([2]);
      expect(rowsOf(skipRepeats(rows, Date.parse('2024-08-01T00:00:00Z')))).toEqual([2, 3]);
    });

    it('keeps the rows themselves, in the file order', () => {
      const rows = [channel(2), change(3), channel(4), change(5)];
      const kept = skipRepeats(rows, NOW);
      expect(kept).toEqual([rows[0], rows[1]]);
      expect(kept[0]).toBe(rows[0]);
    });
  });

  describe('deduplicate', () => {
    it('skips the rows already recorded and the repeats of the file, and writes the rest', () => {
      const rows = [change(2), channel(3), change(4), channel(5), channel(6, { contact: '011-000-0001' })];
      const { fresh, skipped } = deduplicate(rows, [3], NOW);
      expect(rowsOf(fresh)).toEqual([2, 5, 6]);
      expect(skipped).toEqual([3, 4]);
    });

    it('skips every row of a file already recorded, and none of a new one', () => {
      const rows = [change(2), channel(3), change(4, { serviceId: B })];
      expect(deduplicate(rows, new Set([2, 3, 4]), NOW)).toEqual({ fresh: [], skipped: [2, 3, 4] });
      expect(deduplicate(rows, [], NOW)).toEqual({ fresh: rows, skipped: [] });
    });

    it('lists the skipped rows in the file order, whatever the order of the recorded ones', () => {
      const rows = [change(2), change(3, { reason: 'a' }), change(4), change(5, { reason: 'b' })];
      expect(deduplicate(rows, [5, 3], NOW).skipped).toEqual([3, 4, 5]);
    });

    it('compares the remaining rows among themselves only: a recorded row is not an earlier row of the file', () => {
      const past = { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' };
      const rows = [channel(2), channel(3, past)];
      expect(deduplicate(rows, [2], NOW)).toEqual({ fresh: [rows[1]], skipped: [2] });
    });
  });
});

describe('service information rows of one file', () => {
  function info(row: number, fields: Partial<ServiceInfoDraft> & { serviceId?: string } = {}): WithService<ServiceInfoDraft> {
    const { serviceId = A, ...rest } = fields;
    return {
      type: 'service_info',
      row,
      ref,
      publicNotice: null,
      handlesPersonalData: null,
      handlesConfidentialData: null,
      conversationDataStorage: null,
      transition: null,
      verification: null,
      service: { id: serviceId },
      ...rest,
    };
  }
  const verification = { verifiedAt: '2021-04-05T00:00:00+09:00', method: 'website' as const, sourceUrl: null };

  it('refuses a second value for a field of the same service, naming the earlier row; other services and other fields are free', () => {
    const rows = [info(2, { publicNotice: 'a' }), info(3, { publicNotice: 'a' }), info(4, { publicNotice: 'b' }), info(5, { publicNotice: 'b', serviceId: B }), info(6, { conversationDataStorage: 'overseas' })];
    expect(conflictingServiceInfo(rows)).toEqual([{ row: 4, column: 'public_notice', earlier: 2 }]);
    const plan = { toKind: 'phone' as const, toPlatform: null, switchOn: '2021-04-01', stopOn: null };
    expect(conflictingServiceInfo([info(2, { transition: plan }), info(3, { transition: { ...plan, stopOn: '2021-04-02' } })])).toEqual([{ row: 3, column: 'transition_to_kind', earlier: 2 }]);
  });

  it('merges the fields of one service\'s rows, and skips a row that repeats another exactly (the verification\'s instant to the microsecond)', () => {
    expect(mergeServiceInfo([info(2, { publicNotice: 'a' }), info(3, { handlesConfidentialData: 'no' })]).get(A)).toEqual(expect.objectContaining({ publicNotice: 'a', handlesConfidentialData: 'no' }));
    const rows = [info(2, { verification }), info(3, { verification: { ...verification, verifiedAt: '2021-04-04T15:00:00.000Z' } }), info(4, { verification: { ...verification, method: 'phone_call' } })];
    expect(deduplicate(rows, [], NOW)).toEqual({ fresh: [rows[0], rows[2]], skipped: [3] });
  });

  it('gives each verification to record once, with every row that gives it, and leaves out rows without one or whose verification is recorded', () => {
    // Rows 2 and 3 give one verification (one instant, written two ways) with different fields: both are fresh rows.
    const rows = [
      info(2, { verification, publicNotice: 'a' }),
      info(3, { verification: { ...verification, verifiedAt: '2021-04-04T15:00:00.000Z' }, conversationDataStorage: 'overseas' }),
      info(4, { verification: { ...verification, method: 'phone_call' } }),
      info(5, { verification: { ...verification, sourceUrl: 'https://example.jp/' } }),
      info(6, { verification, serviceId: B }),
      info(7, { publicNotice: 'b' }),
    ];
    expect(newVerifications(rows, new Set([5]))).toEqual([
      { serviceId: A, verification, rows: [2, 3] },
      { serviceId: A, verification: { ...verification, method: 'phone_call' }, rows: [4] },
      { serviceId: B, verification, rows: [6] },
    ]);
  });
});
