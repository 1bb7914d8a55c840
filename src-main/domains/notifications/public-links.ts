// The pages customers reach from an e-mail, without logging in, on the headless host:
//   /l/p/<token>  the root password of a new rental (one-time link)
//   /l/c/<token>  confirm a cancellation (signed, expiring, single-use link)
// GET only shows a page with a button; the POST that the button sends does the thing. So a
// mail scanner that prefetches links never uses up a one-time link or cancels anything.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../../core/services';
import { DomainError } from '../../core/errors';
import { LinkError } from './links';

export const PASSWORD_PURPOSE = 'root-password';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: ServerResponse, status: number, title: string, bodyHtml: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;background:#1c2127;color:#f6f7f9}button{font-size:1rem;padding:.5rem 1rem}code{font-size:1.3rem;background:#000;padding:.3rem .6rem;user-select:all}</style></head>
<body><h1>${esc(title)}</h1>${bodyHtml}</body></html>`);
}

function refused(res: ServerResponse, err: LinkError): void {
  page(res, err.reason === 'expired' || err.reason === 'used' ? 410 : 404, 'This link cannot be used', `<p id="error" data-reason="${err.reason}">${esc(err.message)}</p>`);
}

/** Handles /l/…; answers 404 for anything else under it. */
export async function handlePublicLink(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const m = /^\/l\/([pc])\/([A-Za-z0-9._-]{10,300})$/.exec(path);
  if (!m) return page(res, 404, 'Not found', '<p>This address is not a valid link.</p>');
  if (req.method !== 'GET' && req.method !== 'POST') return page(res, 405, 'Not allowed', '<p>Open the link in a browser.</p>');
  const [, kind, token] = m as unknown as [string, 'p' | 'c', string];
  req.resume(); // the POST carries no body we need
  try {
    if (kind === 'p') return password(services, req.method === 'POST', token, res);
    return cancellation(services, req.method === 'POST', token, res);
  } catch (err) {
    if (err instanceof LinkError) return refused(res, err);
    // A rule refused it (one transaction: nothing was changed); say so on a page, not in JSON.
    if (err instanceof DomainError) return page(res, 409, 'This could not be done', `<p id="error" data-reason="${err.code}">${esc(err.message)} Nothing was changed; please contact us.</p>`);
    throw err;
  }
}

function password(services: Services, post: boolean, token: string, res: ServerResponse): void {
  const { links, rentals } = services;
  const { refId, expiresAt } = links.peek(PASSWORD_PURPOSE, token);
  const rental = rentals.repo.row(refId);
  const device = rental?.deviceName ?? 'your server';
  if (!post) {
    return page(res, 200, `Root password for ${device}`, `<p>This link shows the root password once. It works until ${esc(expiresAt.slice(0, 16).replace('T', ' '))} UTC.</p>
<form method="post"><button id="reveal" type="submit">Show the password</button></form>`);
  }
  const rentalId = links.consume(PASSWORD_PURPOSE, token);
  const customerId = rental?.customerId ?? '';
  const plain = rentals.rootPasswords.reveal({ actor: { id: `customer-link:${customerId}`, name: `${rental?.customerName ?? 'customer'} (one-time link)`, role: 'customer', customerId }, reason: 'customer opened the one-time password link' }, rentalId);
  page(res, 200, `Root password for ${device}`, `<p>Copy it now: this page cannot be shown again.</p><p><code id="password">${esc(plain)}</code></p><p>Change it after your first login.</p>`);
}

function cancellation(services: Services, post: boolean, token: string, res: ServerResponse): void {
  const { cancellations } = services;
  if (!post) {
    const p = cancellations.preview(token);
    return page(res, 200, 'Confirm your cancellation', `<p>${esc(p.customer)}, confirming ends these services:</p><ul>${p.services.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
<p>Nothing has changed yet. The link works until ${esc(p.expiresAt.slice(0, 16).replace('T', ' '))} UTC, once.</p>
<form method="post"><button id="confirm" type="submit">Confirm the cancellation</button></form>`);
  }
  const c = cancellations.confirm(token);
  page(res, 200, 'Cancellation confirmed', `<p id="done">Your cancellation is confirmed (${esc(c.confirmedAt?.slice(0, 16).replace('T', ' ') ?? '')} UTC). A confirmation e-mail is on its way.</p>`);
}
