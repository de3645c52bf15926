import request from 'supertest';
import { bearer, createService, TestApp } from '../app';

// Fixed date: 'past' status changes take effect on 2021-03-26, the seed cases' suspension:
// in the past whatever the day the suite runs.

/**
 * Fallback set-ups that make a stopped service end in each kind of finding:
 * none → no_alternative; mornings (LINE is open in the evening) → hours_not_covered;
 * unknownContact → contact_unknown; always → no finding at all.
 */
export const CHANNEL_PROFILES = ['none', 'mornings', 'unknownContact', 'always'] as const;
export type ChannelProfile = (typeof CHANNEL_PROFILES)[number];

const CHANNELS: Record<ChannelProfile, object[]> = {
  none: [],
  mornings: [{ kind: 'phone', label: '電話相談（平日午前）', contact: '0120-000-000', hours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '12:00' }] } }],
  unknownContact: [{ kind: 'phone', label: '電話相談（番号未確認）' }],
  always: [{ kind: 'email', label: 'メール相談', contact: 'soudan@example.jp', hours: { type: 'always' } }],
};

export interface ScenarioService {
  id: string;
  operatorCode: string;
  profile: ChannelProfile;
}

/** `count` services spread over the operators and the profiles, each with its channels, created through the API. */
export async function createScenarioServices(t: TestApp, token: string, operators: string[], count: number): Promise<ScenarioService[]> {
  const services: ScenarioService[] = [];
  for (let i = 0; i < count; i++) {
    const operatorCode = operators[i % operators.length];
    const profile = CHANNEL_PROFILES[i % CHANNEL_PROFILES.length];
    const audiences = [['children'], ['youth'], ['parents'], ['general']][i % 4];
    const service = await createService(t, token, operatorCode, { category: i % 3 === 2 ? 'information' : 'consultation', audiences, lifeCritical: i % 5 === 0 });
    for (const channel of CHANNELS[profile]) {
      await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(token)).send(channel).expect(201);
    }
    services.push({ id: service.id, operatorCode, profile });
  }
  return services;
}

/** A status change body: now, in the past, or scheduled for later. */
export function statusChangeBody(status: string, when: 'now' | 'past' | 'future', reason: string): Record<string, unknown> {
  const body: Record<string, unknown> = { status, reason };
  if (when === 'past') body.effectiveAt = '2021-03-26T00:00:00+09:00';
  if (when === 'future') body.effectiveAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
  return body;
}
