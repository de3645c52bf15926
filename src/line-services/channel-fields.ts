import type { Hours } from '../hours/hours';
import type { ChannelKind } from './contact';

/**
 * What a fallback channel says, in every form the code holds one: a row to insert, an
 * imported CSV row, the availability index. `Time` is how the validity bounds are held
 * there (ISO text, or milliseconds).
 */
export interface ChannelFields<Time> {
  kind: ChannelKind;
  platform: string | null;
  label: string;
  contact: string;
  hours: Hours | null;
  notes: string | null;
  validFrom: Time | null;
  validUntil: Time | null;
}
