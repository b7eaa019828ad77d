// Admin screens (role admin): officers (create, disable/enable, unlock, new password) and API tokens
// (create — shown once — and revoke); and the sign-in log that admins and auditors read.

import type { Officer } from '../../../store/officer-store.ts';
import type { HistoryEntry } from '../../../store/record-store.ts';
import type { TokenRow } from '../../../store/token-store.ts';
import { type FormPageOptions, historyTable } from './desk-views.ts';
import { html } from './html.ts';
import { errorSummary, field, formatInstant, layout, type PageContext, postForm, select } from './layout.ts';
import { fill } from './texts.ts';

export function officersPage(
  ctx: PageContext,
  o: FormPageOptions & { officers: readonly Officer[]; now: Date },
): string {
  const { t } = ctx;
  const v = o.values ?? {};
  const e = o.errors ?? {};
  const rows = o.officers.map((x) => {
    const locked = x.lockedUntil !== null && new Date(x.lockedUntil) > o.now;
    const status = x.disabledAt
      ? t.disabled
      : locked
        ? fill(t.locked, { time: formatInstant(x.lockedUntil) })
        : t.active;
    const act = (path: string, label: string, cls = 'secondary') =>
      postForm(
        ctx,
        `/officer/admin/officers/${x.id}/${path}`,
        html`<button type="submit" class="${cls}">${label}<span class="visually-hidden"> ${x.username}</span></button>`,
        { className: 'inline' },
      );
    return html`<tr data-username="${x.username}"><td>${x.username}</td><td>${t[`role_${x.role}`]}</td><td>${status}</td><td class="row-actions">${
      x.disabledAt
        ? act('enable', t.enable)
        : x.id === ctx.session?.officerId
          ? '' // an admin cannot disable their own account: not offered
          : act('disable', t.disable, 'danger')
    }${locked ? act('unlock', t.unlock) : ''}${postForm(
      ctx,
      `/officer/admin/officers/${x.id}/password`,
      html`<label for="pw-${x.id}" class="visually-hidden">${t.newPassword} (${x.username})</label><input id="pw-${x.id}" name="password" type="password" autocomplete="new-password" minlength="12" maxlength="200" required placeholder="${t.password}"><button type="submit" class="secondary">${t.resetPassword}<span class="visually-hidden"> ${x.username}</span></button>`,
      { className: 'inline' },
    )}</td></tr>`;
  });
  const labels = { username: t.username, password: t.password, role: t.role };
  return layout(
    ctx,
    t.officersTitle,
    html`<div class="scroll" tabindex="0" role="region" aria-label="${t.officersTitle}"><table data-testid="officers"><thead><tr><th scope="col">${t.username}</th><th scope="col">${t.role}</th><th scope="col">${t.status}</th><th scope="col">${t.action}</th></tr></thead><tbody>${rows}</tbody></table></div><section aria-labelledby="h-new-officer" class="panel"><h2 id="h-new-officer">${t.createOfficer}</h2>${errorSummary(t, e, labels)}${postForm(
      ctx,
      '/officer/admin/officers',
      html`<div class="columns">${field({ name: 'username', label: t.username, value: v.username, error: e.username, required: true, maxlength: 40, autocomplete: 'off' })}${select(
        {
          name: 'role',
          label: t.role,
          value: v.role ?? 'officer',
          error: e.role,
          options: (['officer', 'admin', 'auditor'] as const).map((r) => [r, t[`role_${r}`]] as const),
        },
      )}</div>${field({ name: 'password', label: t.password, hint: t.passwordHint, error: e.password, type: 'password', required: true, maxlength: 200, autocomplete: 'new-password' })}<div class="actions"><button type="submit" class="primary">${t.createOfficer}</button></div>`,
    )}</section>`,
    o.notice,
  );
}

export function tokensPage(ctx: PageContext, o: FormPageOptions & { tokens: readonly TokenRow[] }): string {
  const { t } = ctx;
  const v = o.values ?? {};
  const e = o.errors ?? {};
  const rows = o.tokens.map(
    (x) =>
      html`<tr><td>${x.name}</td><td>${t[`role_${x.role}`]}</td><td>${formatInstant(x.createdAt)}</td><td>${
        x.expiresAt ? formatInstant(x.expiresAt) : t.neverExpires
      }</td><td>${x.lastUsedAt ? formatInstant(x.lastUsedAt) : t.neverUsed}</td><td>${
        x.revokedAt
          ? html`${t.revoked} ${formatInstant(x.revokedAt)}`
          : postForm(
              ctx,
              `/officer/admin/tokens/${x.id}/revoke`,
              html`<button type="submit" class="danger">${t.revoke}<span class="visually-hidden"> ${x.name}</span></button>`,
              { className: 'inline' },
            )
      }</td></tr>`,
  );
  return layout(
    ctx,
    t.tokensTitle,
    html`<div class="scroll" tabindex="0" role="region" aria-label="${t.tokensTitle}"><table data-testid="tokens"><thead><tr><th scope="col">${t.tokenName}</th><th scope="col">${t.role}</th><th scope="col">${t.created}</th><th scope="col">${t.expires}</th><th scope="col">${t.lastUsed}</th><th scope="col">${t.status}</th></tr></thead><tbody>${rows}</tbody></table></div><section aria-labelledby="h-new-token" class="panel"><h2 id="h-new-token">${t.createToken}</h2>${errorSummary(t, e, { name: t.tokenName, role: t.role })}${postForm(
      ctx,
      '/officer/admin/tokens',
      html`<div class="columns">${field({ name: 'name', label: t.tokenName, value: v.name, error: e.name, required: true, maxlength: 60, autocomplete: 'off' })}${select(
        {
          name: 'role',
          label: t.role,
          value: v.role ?? 'officer',
          error: e.role,
          options: (['officer', 'admin'] as const).map((r) => [r, t[`role_${r}`]] as const),
        },
      )}</div><div class="actions"><button type="submit" class="primary">${t.createToken}</button></div>`,
    )}</section>`,
    o.notice,
  );
}

export function auditPage(ctx: PageContext, entries: readonly HistoryEntry[]): string {
  return layout(ctx, ctx.t.auditTitle, historyTable(ctx, entries, ctx.t.auditTitle));
}
