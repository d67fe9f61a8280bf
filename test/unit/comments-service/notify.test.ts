import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { StoredComment } from '../../../src/comments-service/database.js';
import { createMailNotifier, headerText, moderationLink } from '../../../src/comments-service/notify.js';
import { moderationSignature, verify } from '../../../src/comments-service/signing.js';

const SECRET = 'notify-secret-long-enough';
const comment: StoredComment = {
  id: 'tpg-abc123', post: 'tea', name: 'Eve\r\nBcc: victim@example.org', email: 'eve@example.org', url: 'https://eve.example/',
  body: 'Hello\r\n\r\nBcc: other@example.org', replyTo: '', status: 'pending', createdAt: 0, ip: '127.0.0.1', userAgent: '', note: '',
};
const post = { slug: 'tea', title: 'Tea\nSubject: injected', url: 'https://tiny.example/2025/05/tea/', open: true };

describe('notification email', () => {
  it('has no header a commenter wrote: line breaks in the name or title cannot start one', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    let raw = '';
    const sending = transport.sendMail.bind(transport);
    transport.sendMail = (async (message: Parameters<typeof sending>[0]) => {
      const info = await sending(message);
      raw = (info.message as Buffer).toString();
      return info;
    }) as typeof transport.sendMail;
    await createMailNotifier({ transport, from: 'blog@tiny.example', to: 'ada@tiny.example', serviceUrl: 'https://comments.tiny.example/', secret: SECRET }).pending(comment, post);
    const headers = raw.slice(0, raw.indexOf('\n\n'));
    expect(headers).not.toMatch(/^bcc:/im);
    expect(headers.match(/^subject:/gim)).toHaveLength(1);
    expect(headers).toMatch(/^To: ada@tiny\.example$/m);
    expect(headers).toMatch(/^Reply-To: .*<eve@example\.org>$/m);
    const text = raw.slice(raw.indexOf('\n\n')).replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(text).toContain('quire comments approve tpg-abc123');
    expect(text).toContain('\n\nEve Bcc: victim@example.org (https://eve.example/) commented on ');
    expect(text).toContain('Tea Subject: injected');
    expect(text).toContain('https://comments.tiny.example/moderate?id=tpg-abc123&action=approve&sig=');
  });

  it('carries approve and spam links signed with the secret, each for its own action', () => {
    const link = new URL(moderationLink('https://comments.tiny.example/', SECRET, 'approve', comment.id));
    expect(link.origin + link.pathname).toBe('https://comments.tiny.example/moderate');
    expect(verify(SECRET, 'moderate', `approve:${comment.id}`, link.searchParams.get('sig')!)).toBe(true);
    expect(link.searchParams.get('sig')).not.toBe(moderationSignature(SECRET, 'spam', comment.id));
    expect(verify('other-secret-long-enough', 'moderate', `approve:${comment.id}`, link.searchParams.get('sig')!)).toBe(false);
  });

  it('headerText flattens controls and line separators', () => {
    expect(headerText('a\r\nb\u2028c\u0085d\te')).toBe('a b c d e');
  });
});
