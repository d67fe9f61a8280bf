import type { StoredComment } from './database.js';
import { fieldLimits, fieldNames, type FieldErrors, type Submission } from './submission.js';

/** Escapes text for HTML element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The policy every page of the service is sent with: no scripts at all, forms only to itself. */
export const pageSecurityHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'same-origin',
};

const style = 'body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}'
  + 'label{display:block;font-weight:600;margin-top:1rem}input,textarea{width:100%;box-sizing:border-box;font:inherit}'
  + '.errors{border-left:4px solid #b00020;padding-left:1rem}button{margin-top:1rem;font:inherit}table{border-collapse:collapse}'
  + 'td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}';

/** A complete, valid HTML page. */
function page(title: string, content: string, language = 'en'): string {
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(language)}">\n<head>\n<meta charset="utf-8">\n`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n'
    + `<title>${escapeHtml(title)}</title>\n<style>${style}</style>\n</head>\n<body>\n<main>\n${content}\n</main>\n</body>\n</html>\n`;
}

/** The post a page links back to. */
export interface BackLink {
  title: string;
  url: string;
}

const backLink = (post: BackLink | undefined) =>
  post ? `<p><a href="${escapeHtml(post.url)}#comments">Back to “${escapeHtml(post.title)}”</a></p>` : '';

/** The page a reader without JavaScript sees after posting: the comment waits for the author, and a way back. */
export function thanksPage(post: BackLink, status: 'pending' | 'approved', language?: string): string {
  const message = status === 'approved'
    ? 'Thank you. Your comment is approved and appears on the post when the site is next published.'
    : 'Thank you. Your comment is awaiting moderation.';
  return page('Comment received', `<h1>Comment received</h1>\n<p role="status">${message}</p>\n${backLink(post)}`, language);
}

/** What the reader typed, to put back into the form: a submission's fields without the form's own. */
export type FormValues = Omit<Submission, 'stamp' | 'trap'>;

const labels: Record<string, string> = {
  [fieldNames.post]: 'Post', [fieldNames.name]: 'Name', [fieldNames.email]: 'Email', [fieldNames.website]: 'Website',
  [fieldNames.body]: 'Comment', [fieldNames.replyTo]: 'Reply to', [fieldNames.stamp]: 'Form', [fieldNames.trap]: 'Form',
};

/**
 * The service's own copy of the comment form, filled in with what the reader sent: shown when a
 * form came without a valid timestamp (always, without JavaScript: a static page cannot stamp
 * itself), or with problems to fix. It carries a fresh stamp, so posting it again goes through.
 */
export function formPage(options: {
  values: FormValues;
  errors: FieldErrors;
  stamp: string;
  post?: BackLink;
  heading: string;
  intro: string;
  language?: string;
}): string {
  const { values, errors } = options;
  const problem = (name: string) => errors[name] ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  const note = (name: string) => errors[name] ? `\n<span id="${name}-error">${escapeHtml(errors[name])}</span>` : '';
  const list = Object.entries(errors).map(([name, message]) => `<li>${escapeHtml(labels[name] ?? name)}: ${escapeHtml(message)}</li>`).join('\n');
  const input = (name: string, label: string, type: string, value: string, limit: number, required: boolean, autocomplete: string) =>
    `<label for="f-${name}">${label}${required ? ' (required)' : ''}</label>\n`
    + `<input id="f-${name}" name="${name}" type="${type}" value="${escapeHtml(value)}" maxlength="${limit}" autocomplete="${autocomplete}"${required ? ' required' : ''}${problem(name)}>${note(name)}`;
  const content = [
    `<h1>${escapeHtml(options.heading)}</h1>`,
    `<p>${escapeHtml(options.intro)}</p>`,
    list ? `<div class="errors" role="alert">\n<ul>\n${list}\n</ul>\n</div>` : '',
    '<form method="post" action="comments">',
    `<input type="hidden" name="${fieldNames.post}" value="${escapeHtml(values.post)}">`,
    `<input type="hidden" name="${fieldNames.replyTo}" value="${escapeHtml(values.replyTo)}">`,
    `<input type="hidden" name="${fieldNames.stamp}" value="${escapeHtml(options.stamp)}">`,
    `<p hidden><label for="f-${fieldNames.trap}">Leave this field empty</label><input id="f-${fieldNames.trap}" name="${fieldNames.trap}" type="text" value="" tabindex="-1" autocomplete="off"></p>`,
    input(fieldNames.name, 'Name', 'text', values.name, fieldLimits.name, true, 'name'),
    input(fieldNames.email, 'Email (not published)', 'email', values.email, fieldLimits.email, true, 'email'),
    input(fieldNames.website, 'Website', 'url', values.website, fieldLimits.website, false, 'url'),
    `<label for="f-${fieldNames.body}">Comment (required)</label>`,
    `<textarea id="f-${fieldNames.body}" name="${fieldNames.body}" rows="8" maxlength="${fieldLimits.body}" required${problem(fieldNames.body)}>${escapeHtml(values.body)}</textarea>${note(fieldNames.body)}`,
    '<button type="submit">Post comment</button>',
    '</form>',
    backLink(options.post),
  ];
  return page(options.heading, content.filter(Boolean).join('\n'), options.language);
}

/** A short page for a refusal that no form can fix (too large, too many, closed). */
export function messagePage(heading: string, message: string, post?: BackLink, language?: string): string {
  return page(heading, `<h1>${escapeHtml(heading)}</h1>\n<p role="alert">${escapeHtml(message)}</p>\n${backLink(post)}`, language);
}

/** The confirmation a signed moderation link opens (a GET changes nothing; the button posts). */
export function moderatePage(comment: StoredComment, action: 'approve' | 'spam', signature: string, postTitle: string): string {
  const verb = action === 'approve' ? 'Approve' : 'Mark as spam';
  return page(`${verb}: comment ${comment.id}`, [
    `<h1>${verb}?</h1>`,
    `<p>${escapeHtml(comment.name)} on “${escapeHtml(postTitle)}” (now ${comment.status}):</p>`,
    `<blockquote><pre>${escapeHtml(comment.body)}</pre></blockquote>`,
    '<form method="post" action="moderate">',
    `<input type="hidden" name="id" value="${escapeHtml(comment.id)}">`,
    `<input type="hidden" name="action" value="${action}">`,
    `<input type="hidden" name="sig" value="${escapeHtml(signature)}">`,
    `<button type="submit">${verb}</button>`,
    '</form>',
  ].join('\n'));
}

/** The admin page: pending comments with their actions (each a form, so it works without scripts). */
export function adminPage(comments: readonly StoredComment[], csrf: string, notice?: string): string {
  const rows = comments.map((c) => {
    const button = (action: string, label: string) =>
      `<form method="post" action="admin"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="id" value="${escapeHtml(c.id)}"><input type="hidden" name="action" value="${action}"><button type="submit">${label}</button></form>`;
    return `<tr><td>${escapeHtml(c.id)}</td><td>${escapeHtml(c.post)}</td><td>${escapeHtml(c.name)}<br>${escapeHtml(c.email)}${c.url ? `<br>${escapeHtml(c.url)}` : ''}</td>`
      + `<td><pre>${escapeHtml(c.body)}</pre></td><td>${button('approve', 'Approve')}${button('spam', 'Spam')}${button('trash', 'Trash')}</td></tr>`;
  }).join('\n');
  const table = comments.length === 0
    ? '<p>No comments are waiting.</p>'
    : `<table>\n<thead><tr><th scope="col">Id</th><th scope="col">Post</th><th scope="col">From</th><th scope="col">Comment</th><th scope="col">Action</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
  return page('Pending comments', `<h1>Pending comments</h1>\n${notice ? `<p role="status">${escapeHtml(notice)}</p>\n` : ''}${table}`);
}
