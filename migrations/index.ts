import { Registry1763800000000 } from './1763800000000-registry';
import { ContinuityEngine1763900000000 } from './1763900000000-continuity-engine';
import { MillisecondTimestamps1764000000000 } from './1764000000000-millisecond-timestamps';
import { Availability1764100000000 } from './1764100000000-availability';
import { StoredWeekRanges1764200000000 } from './1764200000000-stored-week-ranges';
import { ChannelValidityBounds1764300000000 } from './1764300000000-channel-validity-bounds';
import { AvailabilityChangeLog1764400000000 } from './1764400000000-availability-change-log';
import { ReportCounts1764500000000 } from './1764500000000-report-counts';
import { HoursWindows1764600000000 } from './1764600000000-hours-windows';
import { ServiceNameEn1764700000000 } from './1764700000000-service-name-en';
import { PageSessions1764800000000 } from './1764800000000-page-sessions';
import { TokenExpiry1765000000000 } from './1765000000000-token-expiry';
import { TrustworthyRecords1765100000000 } from './1765100000000-trustworthy-records';
import { ReportCountsOrganisations1765120000000 } from './1765120000000-report-counts-organisations';
import { StaleRecords1765130000000 } from './1765130000000-stale-records';

/** Every migration, oldest first: listed, not globbed, so ts-jest and the build load the same set. */
export const MIGRATIONS = [Registry1763800000000, ContinuityEngine1763900000000, MillisecondTimestamps1764000000000, Availability1764100000000, StoredWeekRanges1764200000000, ChannelValidityBounds1764300000000, AvailabilityChangeLog1764400000000, ReportCounts1764500000000, HoursWindows1764600000000, ServiceNameEn1764700000000, PageSessions1764800000000, TokenExpiry1765000000000, TrustworthyRecords1765100000000, ReportCountsOrganisations1765120000000, StaleRecords1765130000000];
