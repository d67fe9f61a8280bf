import nodemailer, { type Transporter } from 'nodemailer';
import type { StoredComment } from './database.js';
import { moderationSignature } from './signing.js';
import type { PostEntry } from './site-posts.js';

/** Tells the author about a comment waiting for them. */
export interface Notifier {
  pending(comment: StoredComment, post: PostEntry): Promise<void>;
}

export interface MailOptions {
  /** A nodemailer transport: SMTP in production, a JSON or stream transport in tests. */
  transport: Transporter;
  from: string;
  to: string;
  /** The service's public URL, for the moderation links. */
  serviceUrl: string;
  secret: string;
}

/** Builds a transport from an SMTP URL (`smtps://user:password@mail.example.org:465`). */
export function smtpTransport(url: string): Transporter {
  return nodemailer.createTransport(url);
}

/**
 * One line of header text: line breaks and other controls become spaces, so a commenter's name
 * can never start a header of its own (`Bcc:`) in the message.
 */
export function headerText(text: string, limit = 200): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim().slice(0, limit);
}

/** A signed moderation link: opens a page that asks to confirm, so a mail scanner fetching it changes nothing. */
export function moderationLink(serviceUrl: string, secret: string, action: 'approve' | 'spam', id: string): string {
  const url = new URL('moderate', serviceUrl);
  url.searchParams.set('id', id);
  url.searchParams.set('action', action);
  url.searchParams.set('sig', moderationSignature(secret, action, id));
  return url.href;
}

/** The email for a new pending comment, as nodemailer message options. */
function pendingMessage(comment: StoredComment, post: PostEntry, options: Omit<MailOptions, 'transport'>) {
  const lines = [
    `${headerText(comment.name)}${comment.url ? ` (${comment.url})` : ''} commented on “${headerText(post.title)}”:`,
    post.url,
    '',
    comment.body,
    '',
    `Approve: ${moderationLink(options.serviceUrl, options.secret, 'approve', comment.id)}`,
    `Spam:    ${moderationLink(options.serviceUrl, options.secret, 'spam', comment.id)}`,
    '',
    `Or from the site folder: quire comments approve ${comment.id}`,
  ];
  return {
    from: options.from,
    to: options.to,
    subject: headerText(`New comment on “${post.title}” from ${comment.name}`),
    text: lines.join('\n'),
    // The address was checked against the HTML email grammar; it holds no spaces, commas or line breaks.
    replyTo: { name: headerText(comment.name, 100), address: comment.email },
  };
}

export function createMailNotifier(options: MailOptions): Notifier {
  return {
    async pending(comment, post) {
      await options.transport.sendMail(pendingMessage(comment, post, options));
    },
  };
}
