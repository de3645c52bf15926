import type { MessageTemplate } from './index';

/** The messages of request validation (the API's `details`). */
export const VALIDATION_MESSAGES = {} as const satisfies Record<string, MessageTemplate>;
