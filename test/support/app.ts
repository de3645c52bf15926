import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TokensService } from '../../src/access/tokens.service';
import { createApp } from '../../src/app.factory';

export interface TestApp {
  app: INestApplication;
  http: Server;
  db: DataSource;
  tokens: TokensService;
  close(): Promise<void>;
}

export async function startApp(): Promise<TestApp> {
  const app = await createApp();
  await app.init();
  const db = app.get<DataSource>(getDataSourceToken());
  return { app, http: app.getHttpServer(), db, tokens: app.get(TokensService), close: () => app.close() };
}

let counter = 0;
/** A name no other test (or earlier run) has used. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${Date.now().toString(36)}-${process.pid}-${counter}`;
}

export type Role = 'ministry' | 'prefecture' | 'municipality' | 'npo';

export async function tokenFor(t: TestApp, role: Role, scope?: string): Promise<string> {
  const issued = await t.tokens.issue(role, scope, unique(`test ${role}`));
  return issued.token;
}

export interface TestToken {
  token: string;
  name: string;
  id: string;
}

/** One token of each kind the jurisdiction tests need, and a revoked one. */
export async function issueTestTokens(t: TestApp, label: string) {
  const issue = (role: Role, scope?: string): Promise<TestToken> => t.tokens.issue(role, scope, unique(`${label} ${role}`));
  const [osaka, hokkaido, osakaCity, sapporo, ministry, npo, gone] = await Promise.all([
    issue('prefecture', '27'),
    issue('prefecture', '01'),
    issue('municipality', '271004'),
    issue('municipality', '011002'),
    issue('ministry'),
    issue('npo'),
    issue('prefecture', '27'),
  ]);
  expect(await t.tokens.revoke(gone.id)).toBe(true);
  return { osaka, hokkaido, osakaCity, sapporo, ministry, npo, revoked: gone.token };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A valid service body for the given operator; override any field. */
export function serviceBody(operatorCode: string, overrides: Record<string, unknown> = {}) {
  return {
    operatorCode,
    name: unique('テスト相談'),
    category: 'consultation',
    audiences: ['children'],
    handlesPersonalData: true,
    lineHours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '17:00', end: '21:00' }] },
    ...overrides,
  };
}

/** Creates a service through the API and returns its body. */
export async function createService(t: TestApp, token: string, operatorCode: string, overrides: Record<string, unknown> = {}) {
  const res = await request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(operatorCode, overrides));
  if (res.status !== 201) throw new Error(`could not create a service: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Row counts of every table a write could touch: equal before and after means nothing was stored. */
export async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  const [row] = await db.query(`
    SELECT (SELECT count(*) FROM line_services)::int AS services,
           (SELECT count(*) FROM status_changes)::int AS status_changes,
           (SELECT count(*) FROM fallback_channels)::int AS channels,
           (SELECT count(*) FROM audit_log)::int AS audit`);
  return row;
}

/** An id no row has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The fields an error body's details name. */
export const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);

/**
 * Sends a request that must store nothing and compares the row counts of every table
 * around it. Other suites write from the other Jest worker, so a mismatch is retried: a
 * request that does store something makes the counts differ on every try.
 */
export async function expectNothingStored(db: DataSource, send: () => Promise<request.Response>): Promise<request.Response> {
  let before = await tableCounts(db);
  let res = await send();
  let after = await tableCounts(db);
  for (let retry = 0; retry < 4 && JSON.stringify(after) !== JSON.stringify(before); retry++) {
    before = await tableCounts(db);
    res = await send();
    after = await tableCounts(db);
  }
  expect(after).toEqual(before);
  return res;
}

/** The standard error body. */
export function expectErrorBody(body: unknown, statusCode: number): void {
  expect(body).toEqual(expect.objectContaining({ statusCode, error: expect.any(String), message: expect.any(String), requestId: expect.any(String) }));
}
