import { toIso } from '../common/time';
import { FallbackChannelDto } from './dto/fallback-channel.dto';
import { LineServiceDto } from './dto/line-service.dto';
import { StatusChangeDto } from './dto/status-change.dto';
import type { ChannelRow } from './fallback-channels.repository';
import type { ServiceRow } from './line-services.repository';
import type { StatusChangeRow } from './status-changes.repository';

export function toChannelDto(row: ChannelRow): FallbackChannelDto {
  return {
    id: row.id,
    serviceId: row.service_id,
    kind: row.kind,
    platform: row.platform,
    label: row.label,
    contact: row.contact,
    contactKnown: row.contact !== '',
    hours: row.hours,
    notes: row.notes,
    validFrom: toIso(row.valid_from),
    validUntil: toIso(row.valid_until),
    validNow: row.valid_now,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toStatusChangeDto(row: StatusChangeRow): StatusChangeDto {
  return {
    id: row.id,
    serviceId: row.service_id,
    status: row.status,
    effectiveAt: toIso(row.effective_at),
    inEffect: row.in_effect,
    reason: row.reason,
    sourceUrl: row.source_url,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
    withdrawnAt: toIso(row.withdrawn_at),
    withdrawnBy: row.withdrawn_by,
  };
}

/** The service's own fields, as the audit log keeps them. */
export function toServiceFields(row: ServiceRow) {
  return {
    id: row.id,
    operatorCode: row.operator_code,
    operatorType: operatorType(row),
    operatorName: row.operator_name,
    prefectureCode: row.prefecture_code,
    name: row.name,
    nameEn: row.name_en,
    department: row.department,
    category: row.category,
    audiences: row.audiences,
    handlesPersonalData: row.handles_personal_data,
    lifeCritical: row.life_critical,
    handlesConfidentialData: row.handles_confidential_data,
    conversationDataStorage: row.conversation_data_storage,
    publicNotice: row.public_notice,
    transition: row.transition_to_kind
      ? { toKind: row.transition_to_kind, toPlatform: row.transition_to_platform, switchOn: row.transition_switch_on, stopOn: row.transition_stop_on }
      : null,
    successorServiceId: row.successor_service_id,
    successor: row.successor_service_id ? { id: row.successor_service_id, name: row.successor_name ?? '' } : null,
    description: row.description,
    url: row.url,
    lineHours: row.line_hours,
    currentStatus: row.current_status,
    currentStatusSince: toIso(row.current_status_since),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastVerifiedAt: toIso(row.last_verified_at),
    lastVerifiedBy: row.last_verified_by,
  };
}

function operatorType(row: Pick<ServiceRow, 'national_body_code' | 'organization_code'>): 'local_government' | 'national_body' | 'organization' {
  if (row.national_body_code) return 'national_body';
  return row.organization_code ? 'organization' : 'local_government';
}

export function toServiceDto(row: ServiceRow, channels: ChannelRow[], timeline: StatusChangeRow[]): Omit<LineServiceDto, 'openGaps'> {
  return { ...toServiceFields(row), fallbackChannels: channels.map(toChannelDto), timeline: timeline.map(toStatusChangeDto) };
}

export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
