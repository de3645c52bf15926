import { IMPORT_MESSAGES } from './imports';
import { VALIDATION_MESSAGES } from './validation';

/**
 * The one message catalogue: every message people read in an error, in English (the API's
 * default) and Japanese. An entry is a pair of templates whose `{name}` placeholders are
 * filled from the same parameters; `render` gives both at once, so the two languages can
 * never name different fields or values.
 *
 * The catalogue is split by where the messages are used (imports, request validation);
 * an id is unique across the parts (checked when this module loads).
 */
export interface MessageTemplate {
  en: string;
  ja: string;
}

export type MessageParams = Readonly<Record<string, string | number>>;

export interface Rendered {
  message: string;
  messageJa: string;
}

export const CATALOGUE = { ...IMPORT_MESSAGES, ...VALIDATION_MESSAGES } as const satisfies Record<string, MessageTemplate>;
export type MessageId = keyof typeof CATALOGUE;

const overlap = Object.keys(IMPORT_MESSAGES).filter((id) => id in VALIDATION_MESSAGES);
if (overlap.length) throw new Error(`message catalogue: ids defined twice: ${overlap.join(', ')}`);

/** Fills `{name}` placeholders; a placeholder without a parameter is a programming error. */
export function fill(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`message catalogue: no value for {${name}} in "${template}"`);
    return String(params[name]);
  });
}

export function render(id: MessageId, params: MessageParams = {}): Rendered {
  const entry: MessageTemplate = CATALOGUE[id];
  return { message: fill(entry.en, params), messageJa: fill(entry.ja, params) };
}
