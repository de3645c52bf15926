import type { MessageTemplate } from './index';

/** The messages of imports (row and header errors). */
export const IMPORT_MESSAGES = {} as const satisfies Record<string, MessageTemplate>;
