export const EVENT_TYPES = ['gap.opened', 'gap.severity_changed', 'gap.resolved', 'service.status_changed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
