import express from 'express';
import type { Request } from 'express';
import { negotiateLanguage } from './accept-language';

/** A real express request (the negotiation is express' own), with only the header set. */
function requestWith(acceptLanguage?: string): Request {
  const req = Object.create(express.request) as Request;
  req.headers = acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage };
  return req;
}

describe('negotiateLanguage', () => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['JA-jp', 'ja'],
    ['en;q=0.5, ja', 'ja'],
    ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja'],
    ['fr, ja;q=0.4', 'ja'],
    ['ja, en', 'ja'],
  ])('%s → Japanese', (header, expected) => {
    expect(negotiateLanguage(requestWith(header))).toBe(expected);
  });

  it.each([
    [undefined, 'no header'],
    ['', 'an empty header'],
    ['*', 'any language'],
    ['en', 'English'],
    ['en-US,en;q=0.9', 'American English'],
    ['en, ja', 'a tie, English first'],
    ['ja;q=0.5, en', 'English preferred'],
    ['ja;q=0.5, *', 'any language preferred to Japanese'],
    ['ja;q=0', 'Japanese refused'],
    ['fr, de', 'only languages we do not speak'],
    ['ja;q=abc, en', 'a malformed q-value (the range is ignored)'],
  ])('%s (%s) → English', (header, _description) => {
    expect(negotiateLanguage(requestWith(header))).toBe('en');
  });
});
