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

/** How someone confirmed that a service and its channels are as recorded (POST /v1/services/:id/verifications). */
export const VERIFICATION_METHODS = ['phone_call', 'website', 'official_notice', 'self_report'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/**
 * Where a service's conversation data is stored, as the March 2021 decisions and the
 * government's guideline of April 2021 asked: on LINE's servers, in the operator's own system
 * in Japan (a partner's system using the Messaging API), overseas, or not known.
 */
export const CONVERSATION_DATA_STORAGE = ['line_servers', 'operator_system_in_japan', 'overseas', 'unknown'] as const;
export type ConversationDataStorage = (typeof CONVERSATION_DATA_STORAGE)[number];

/** The legal form of an organisation other than a government that runs services: 認定NPO法人, NPO法人, 一般社団法人, 公益社団・財団法人, other. */
export const ORGANIZATION_LEGAL_FORMS = ['certified_npo', 'npo', 'general_incorporated', 'public_interest', 'other'] as const;
export type OrganizationLegalForm = (typeof ORGANIZATION_LEGAL_FORMS)[number];
