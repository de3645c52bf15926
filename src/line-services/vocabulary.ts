/** The words of the registry: one list each, shared by validation, SQL checks and docs. */
export const SERVICE_CATEGORIES = ['consultation', 'information', 'reservation', 'payment', 'application', 'health_monitoring', 'other'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

// `international_arrivals` comes from the real 2021 cases: MHLW's daily health check of
// people entering Japan.
export const AUDIENCES = [
  'children',
  'youth',
  'parents',
  'adults',
  'elderly',
  'foreign_residents',
  'medical_workers',
  'job_seekers',
  'international_arrivals',
  'general',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const SERVICE_STATUSES = ['planned', 'postponed', 'active', 'suspended', 'discontinued'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
