import type { SeedService } from './line-2021-cases';
import type { FormerSeedService } from './line-2021-cases-former-english';

/** A service as the former seed wrote it, and what it is now. */
export interface ServiceRename {
  operator_code: string;
  former_name: string;
  name: string;
  name_en: string;
  former_description: string;
  description: string;
}

/** A status-change reason of a renamed service (keyed by its new name). */
export interface ReasonRename {
  operator_code: string;
  name: string;
  former_reason: string;
  reason: string;
}

/** A fallback channel of a renamed service (keyed by its new name). */
export interface ChannelRename {
  operator_code: string;
  name: string;
  kind: string;
  former_label: string;
  label: string;
  former_notes: string | null;
  notes: string | null;
}

export interface FormerRecordRenames {
  services: ServiceRename[];
  reasons: ReasonRename[];
  channels: ChannelRename[];
}

/**
 * What to rename, from the former English cases to the current ones: the two lists hold the
 * same cases in the same order, each with its timeline and channels in the same order. Throws
 * when they do not line up, so that a case added to one list only is found by the unit tests,
 * not by a seed that renames the wrong record.
 */
export function formerRecordRenames(current: readonly SeedService[], former: readonly FormerSeedService[]): FormerRecordRenames {
  if (current.length !== former.length) throw new Error(`the former cases (${former.length}) and the current ones (${current.length}) do not line up`);
  const renames: FormerRecordRenames = { services: [], reasons: [], channels: [] };
  current.forEach((now, i) => {
    const then = former[i];
    const where = `case ${i} (${now.operatorCode} ${now.name})`;
    const sameShape =
      then.operatorCode === now.operatorCode &&
      then.category === now.category &&
      then.timeline.map((c) => `${c.status} ${c.effectiveAt}`).join() === now.timeline.map((c) => `${c.status} ${c.effectiveAt}`).join() &&
      (then.channels ?? []).map((c) => c.kind).join() === (now.channels ?? []).map((c) => c.kind).join();
    if (!sameShape) throw new Error(`${where} is not the former case ${then.operatorCode} ${then.name}`);
    const key = { operator_code: now.operatorCode, name: now.name };
    renames.services.push({ ...key, former_name: then.name, name_en: now.nameEn, former_description: then.description, description: now.description });
    const reasons = new Map<string, string>();
    now.timeline.forEach((change, j) => {
      const formerReason = then.timeline[j].reason;
      if (reasons.has(formerReason) && reasons.get(formerReason) !== change.reason) throw new Error(`${where}: the former reason "${formerReason}" would become two reasons`);
      reasons.set(formerReason, change.reason);
    });
    for (const [formerReason, reason] of reasons) renames.reasons.push({ ...key, former_reason: formerReason, reason });
    const labels = new Map<string, string>();
    (now.channels ?? []).forEach((channel, j) => {
      const formerChannel = then.channels![j];
      const formerKey = `${channel.kind} ${formerChannel.label}`;
      if (labels.has(formerKey) && labels.get(formerKey) !== `${channel.label} ${channel.notes}`) throw new Error(`${where}: two ${channel.kind} channels were labelled "${formerChannel.label}"`);
      labels.set(formerKey, `${channel.label} ${channel.notes}`);
      renames.channels.push({ ...key, kind: channel.kind, former_label: formerChannel.label, label: channel.label, former_notes: formerChannel.notes ?? null, notes: channel.notes ?? null });
    });
  });
  return renames;
}
