import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/comments-service/rate-limit.js';
import { blockedWordIn, checkRules, countLinks } from '../../../src/comments-service/rules.js';
import { parseRateLimit } from '../../../src/comments-service/settings.js';
import { makeStamp, readStamp } from '../../../src/comments-service/signing.js';
import { checkFields, parseFormBody, type Submission } from '../../../src/comments-service/submission.js';

const SECRET = 'rules-secret-long-enough';
const NOW = 1_800_000_000_000;
const settings = { secret: SECRET, minSeconds: 3, maxStampAgeSeconds: 3600, maxLinks: 1, blockedWords: ['viagra', 'free money'] };
const submission = (extra: Partial<Submission> = {}): Submission => ({
  post: 'tea', name: 'Ada', email: 'ada@example.org', website: '', body: 'Hi', replyTo: '', trap: '', stamp: makeStamp(SECRET, NOW - 10_000), ...extra,
});

describe('rules', () => {
  it('pass a plain comment, and refuse honeypot, early, expired, forged, link-heavy and blocked ones in that order', () => {
    expect(checkRules(submission(), settings, NOW)).toBeUndefined();
    expect(checkRules(submission({ trap: 'x', stamp: '' }), settings, NOW)).toMatchObject({ status: 422, errors: { leave_empty: expect.any(String) } });
    expect(checkRules(submission({ stamp: makeStamp(SECRET, NOW - 2000) }), settings, NOW)).toMatchObject({ status: 422, errors: { stamp: 'The form was sent too quickly; wait 3 seconds and post again.' } });
    expect(checkRules(submission({ stamp: makeStamp(SECRET, NOW - 3601_000) }), settings, NOW)).toMatchObject({ status: 400, errors: { stamp: 'The form has expired; please post again.' } });
    expect(checkRules(submission({ stamp: makeStamp(SECRET, NOW + 3600_000) }), settings, NOW)).toMatchObject({ status: 400 });
    expect(checkRules(submission({ stamp: `${NOW - 10_000}.${'A'.repeat(43)}` }), settings, NOW)).toMatchObject({ status: 400 });
    expect(checkRules(submission({ body: 'https://a.example https://b.example' }), settings, NOW)).toMatchObject({ status: 422, errors: { body: 'Comment has 2 links; at most 1 are allowed.' } });
    expect(checkRules(submission({ website: 'https://free-money.example/' }), settings, NOW)).toBeUndefined();
    expect(checkRules(submission({ body: 'Get FREE  money' }), settings, NOW)).toBeUndefined();
    expect(checkRules(submission({ body: 'Get free money!' }), settings, NOW)).toMatchObject({ status: 422 });
  });

  it('count web addresses, www hosts and relative markdown links once each', () => {
    expect(countLinks('plain text')).toBe(0);
    expect(countLinks('[a](https://x.example/) www.y.example [b](/local/) http://z.example')).toBe(4);
  });

  it('match blocked words as whole words, without case', () => {
    expect(blockedWordIn(submission({ body: 'VIAGRA' }), settings.blockedWords)).toBe('viagra');
    expect(blockedWordIn(submission({ body: 'viagras' }), settings.blockedWords)).toBeUndefined();
    expect(blockedWordIn(submission({ email: 'viagra@spam.example' }), settings.blockedWords)).toBe('viagra');
  });

  it('stamps verify only with their secret', () => {
    expect(readStamp(SECRET, makeStamp(SECRET, 1234))).toBe(1234);
    expect(readStamp('another-secret-long', makeStamp(SECRET, 1234))).toBeUndefined();
    expect(readStamp(SECRET, '1234.short')).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('allow each window\'s count and say how long to wait after it', () => {
    const limiter = new RateLimiter([{ count: 1, seconds: 15 }, { count: 3, seconds: 3600 }]);
    expect(limiter.retryAfter('ip', 0)).toBe(0);
    limiter.record('ip', 0);
    expect(limiter.retryAfter('ip', 1000)).toBe(14);
    expect(limiter.retryAfter('other', 1000)).toBe(0);
    limiter.record('ip', 15_000);
    limiter.record('ip', 30_000);
    expect(limiter.retryAfter('ip', 45_000)).toBe(3555);
    expect(limiter.retryAfter('ip', 3_600_001)).toBe(0);
  });

  it('are configured as count/duration lists', () => {
    expect(parseRateLimit('1/15s, 5/1h')).toEqual([{ count: 1, seconds: 15 }, { count: 5, seconds: 3600 }]);
    expect(parseRateLimit('10/m')).toEqual([{ count: 10, seconds: 60 }]);
    expect(parseRateLimit('often')).toBeUndefined();
  });
});

describe('fields', () => {
  it('form bodies: + is a space, the first value of a repeated field wins, invalid UTF-8 is refused', () => {
    const fields = parseFormBody(Buffer.from('name=Ada+Q%C3%BCill&name=Mallory&body=a%26b'));
    expect([...fields]).toEqual([['name', 'Ada Qüill'], ['body', 'a&b']]);
    expect(() => parseFormBody(Buffer.from('name=%FF'))).toThrow('not valid UTF-8');
  });

  it('normalise what they can (line ends, email case, website URL) and explain what they cannot', () => {
    const ok = checkFields(new Map([['post', 'tea'], ['name', ' Ada '], ['email', 'Ada@Example.org'], ['website', 'https://ada.example'], ['body', 'a\r\nb']]));
    expect(ok).toEqual({ submission: { post: 'tea', name: 'Ada', email: 'ada@example.org', website: 'https://ada.example/', body: 'a\nb', replyTo: '', stamp: '', trap: '' } });
    const bad = checkFields(new Map([['post', 'tea'], ['name', 'Ada'], ['email', 'a@b'], ['website', 'data:text/html,<script>'], ['body', 'x'], ['reply_to', '../x']]));
    expect(bad).toEqual({ tooLarge: false, errors: {
      website: 'Website must be an http or https address, such as https://example.org/.',
      reply_to: 'The replied-to comment is not a comment id.',
    } });
  });
});
