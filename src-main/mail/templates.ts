// E-mail templates: plain text first (what most NOC mail is read as), with a simple HTML
// alternative. Secrets never appear in a template: a password travels only as a one-time link.
import type { OverageLine } from '../../shared/notifications';

export interface Rendered { subject: string; text: string; html: string; template: string }

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(template: string, subject: string, paragraphs: string[], signature = 'Your datacenter team'): Rendered {
  const text = `${paragraphs.join('\n\n')}\n\n-- \n${signature}\n`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">${paragraphs
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>').replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`).join('')}<p style="color:#666">-- <br>${esc(signature)}</p></body></html>`;
  return { subject, text, html, template };
}

const day = (iso: string) => iso.slice(0, 10);

export function welcomeMail(p: { customer: string; device: string; ips: string[]; plan: string; link: string; linkExpires: string }): Rendered {
  const addr = p.ips[0] ?? null;
  return render('welcome', `Your server ${p.device} is ready`, [
    `Hello ${p.customer},`,
    `your server ${p.device}${p.plan ? ` (${p.plan})` : ''} is ready.`,
    p.ips.length ? `IP addresses:\n${p.ips.map((ip) => `  ${ip}`).join('\n')}` : 'Its IP addresses follow in a separate message from provisioning.',
    addr ? `How to reach it: ssh root@${addr.replace(/\/\d+$/, '')}` : 'How to reach it: over SSH as root, at the address provisioning sends you.',
    `The root password is not in this e-mail. Open this link to see it once (it works one time, until ${day(p.linkExpires)}):\n${p.link}`,
    'Please change the password after your first login.',
  ]);
}

export function cancellationConfirmMail(p: { customer: string; services: string[]; link: string; expires: string; reason: string }): Rendered {
  return render('cancellation-confirm', 'Please confirm the cancellation of your services', [
    `Hello ${p.customer},`,
    `we received a request to cancel the following service${p.services.length === 1 ? '' : 's'}:\n${p.services.map((s) => `  - ${s}`).join('\n')}`,
    p.reason ? `Reason given: ${p.reason}` : '',
    `Nothing ends until you confirm. To confirm, open this link (valid until ${p.expires.slice(0, 16).replace('T', ' ')} UTC, usable once):\n${p.link}`,
    'If you did not ask for this, ignore this message and nothing will change.',
  ].filter(Boolean));
}

export function cancellationDoneMail(p: { customer: string; services: string[] }): Rendered {
  return render('cancellation-done', 'Your cancellation is confirmed', [
    `Hello ${p.customer},`,
    `you confirmed the cancellation. These services have ended:\n${p.services.map((s) => `  - ${s}`).join('\n')}`,
    'Any data on the servers will be wiped. Thank you for having been our customer.',
  ]);
}

export function bandwidthMail(p: { customer: string; level: number; usagePct: number; committedMbps: number; what: string; forStaff: boolean }): Rendered {
  const over = p.level > 100;
  return render('bandwidth', `${p.forStaff ? `[${p.customer}] ` : ''}Bandwidth at ${Math.round(p.usagePct)} % of the committed ${p.committedMbps} Mbps`, [
    p.forStaff ? `Customer ${p.customer} crossed ${p.level} % of their committed rate.` : `Hello ${p.customer},`,
    `${p.what} is using ${Math.round(p.usagePct)} % of the committed ${p.committedMbps} Mbps (level ${p.level} %).`,
    over ? 'Traffic above the commitment is billed as overage at the 95th percentile at the end of the month.' : 'No action is needed yet; this is an early notice.',
  ]);
}

export function overageReportMail(p: { month: string; lines: OverageLine[]; checked: number; withoutData: number; source: string }): Rendered {
  const rows = p.lines.map((l) => `  ${l.customerName.padEnd(30).slice(0, 30)} commit ${String(l.committedMbps).padStart(7)} Mbps  p95 ${l.p95Mbps.toFixed(1).padStart(9)} Mbps  over ${l.overMbps.toFixed(1).padStart(8)} Mbps (${l.percent.toFixed(0)} %)`);
  return render('overage-report', `Overage report ${p.month}: ${p.lines.length} customer${p.lines.length === 1 ? '' : 's'} over commit`, [
    `Customers over their committed bandwidth in ${p.month} (95th percentile; source: ${p.source}).`,
    rows.length ? rows.join('\n') : '  Nobody was over their commitment.',
    `${p.checked} customers checked; ${p.withoutData} without usage data.`,
  ], 'Aedify NOC');
}

export function announcementMail(p: { customer: string; title: string; body: string }): Rendered {
  return render('announcement', p.title, [`Hello ${p.customer},`, p.body]);
}

export function ticketMail(p: { ref: string; subject: string; body: string; author: string; kind: 'created' | 'reply' | 'renumbered' }): Rendered {
  return render(`ticket-${p.kind}`, `[${p.ref}] ${p.subject}`, [
    p.kind === 'created' ? `We received your request ${p.ref} and will answer soon.` : p.kind === 'renumbered' ? `Your request has a new number: ${p.ref}.` : `${p.author} replied to ${p.ref}:`,
    p.body,
    `Reply to this e-mail or in the customer portal; please keep ${p.ref} in the subject.`,
  ], 'Support');
}

export function rentalExpiringMail(p: { customer: string; device: string; endsAt: string }): Rendered {
  return render('rental-expiring', `Your rental of ${p.device} ends on ${day(p.endsAt)}`, [
    `Hello ${p.customer},`,
    `the rental of ${p.device} ends on ${day(p.endsAt)}. To keep the server, reply to this e-mail or open a ticket; otherwise it is wiped after that date.`,
  ]);
}

export function staffNoticeMail(p: { title: string; body: string; template: string }): Rendered {
  return render(p.template, p.title, [p.body], 'Aedify NOC');
}
