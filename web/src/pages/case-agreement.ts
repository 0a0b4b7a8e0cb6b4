// The mediation agreement as both parties sign it (SPEC §10): the terms as recorded in the
// timeline, their SHA-256 recomputed here and compared with the digest the case registered, each
// party's signature (online, or on paper as the handler recorded it) and application for judicial
// confirmation. A party signs by sending the digest computed on its own computer, so what it
// signs is exactly the text it was shown; the button stays off while the terms do not match.

import type { Session } from '../auth.ts';
import { h } from '../dom.ts';
import { sha256Hex } from '../evidence.ts';
import { colon, cstTime, fieldName, nameOf, t } from '../i18n.ts';
import { sideOf, type AgreementView, type Side, type Signature } from '../parties.ts';

const SIDES: readonly Side[] = ['complainant', 'respondent'];

export interface AgreementPanel {
  area: HTMLElement;
  session: Session;
  agreement: AgreementView;
  /** The `data` of the case's latest `record_agreement` event, if the reader was given it. */
  recorded: Record<string, unknown> | undefined;
  /** Whether the action table lets this user sign now. */
  maySign: boolean;
  /** Sends `sign_agreement` with the digest computed here. */
  sign: (termsSha256: string) => Promise<void>;
}

export function renderAgreement(panel: AgreementPanel): void {
  const { area, agreement, recorded } = panel;
  const terms = typeof recorded?.['terms'] === 'string' ? recorded['terms'] : undefined;
  const side = sideOf(panel.session);
  const badge = h(
    'span',
    { class: 'badge', id: 'terms-verified', 'aria-live': 'polite' },
    terms === undefined ? t('termsUnavailable') : t('termsChecking'),
  );
  const section = h(
    'section',
    { id: 'case-agreement', class: 'panel', 'aria-labelledby': 'agreement-heading' },
    h('h3', { id: 'agreement-heading' }, t('agreement')),
    terms === undefined
      ? null
      : h(
          'div',
          { id: 'agreement-terms' },
          terms.split('\n').map((line) => h('p', {}, line)),
        ),
    h(
      'dl',
      { class: 'facts' },
      typeof recorded?.['amountCny'] === 'number'
        ? [h('dt', {}, fieldName('amountCny')), h('dd', {}, String(recorded['amountCny']))]
        : null,
      typeof recorded?.['performBy'] === 'string' ? [h('dt', {}, fieldName('performBy')), h('dd', {}, recorded['performBy'])] : null,
      h('dt', {}, t('agreementDigest')),
      h('dd', {}, h('span', { class: 'mono', id: 'agreement-sha256' }, agreement.termsSha256), ' ', badge),
      h('dt', {}, t('signatures')),
      h(
        'dd',
        { id: 'agreement-signatures' },
        h(
          'ul',
          {},
          SIDES.map((s) =>
            h(
              'li',
              { id: `signature-${s}`, 'data-signed': agreement.signatures[s] ? agreement.signatures[s].mode : 'no' },
              `${nameOf(s)}${colon()}${signatureText(agreement.signatures[s])}`,
            ),
          ),
        ),
        h(
          'span',
          { class: `badge ${agreement.signedByBoth ? 'ok' : 'warn'}`, id: 'signed-by-both', 'data-value': String(agreement.signedByBoth) },
          agreement.signedByBoth ? t('signedByBoth') : t('notSignedByBoth'),
        ),
      ),
      h('dt', {}, t('applications')),
      h(
        'dd',
        { id: 'agreement-applications' },
        h(
          'ul',
          {},
          SIDES.map((s) =>
            h(
              'li',
              { id: `application-${s}`, 'data-applied': String(agreement.applications[s] !== null) },
              `${nameOf(s)}${colon()}${agreement.applications[s] ? t('appliedAt', { at: cstTime(agreement.applications[s]) }) : t('notApplied')}`,
            ),
          ),
        ),
      ),
    ),
  );
  area.append(section);

  const sign = h('button', { type: 'button', class: 'primary', id: 'sign-agreement', disabled: true }, t('signAgreement'));
  const ownSignature = side ? agreement.signatures[side] : null;
  if (panel.maySign && side && !ownSignature && terms !== undefined) {
    section.append(h('p', { class: 'hint' }, t('signAgreementHint')), h('div', { class: 'actions' }, sign));
  }
  if (terms === undefined) return;
  void sha256Hex(new Blob([terms])).then((digest) => {
    const valid = digest === agreement.termsSha256.toLowerCase();
    badge.className = `badge ${valid ? 'ok' : 'bad'}`;
    badge.dataset['valid'] = String(valid);
    badge.textContent = valid ? t('termsVerified') : t('termsMismatch');
    if (!valid) return;
    sign.disabled = false;
    sign.addEventListener('click', () => {
      sign.disabled = true;
      void panel.sign(digest).finally(() => {
        if (sign.isConnected) sign.disabled = false;
      });
    });
  });
}

function signatureText(signature: Signature | null): string {
  if (!signature) return t('notSigned');
  if (signature.mode === 'offline') return t('signedOffline', { at: cstTime(signature.at), reference: signature.reference ?? t('none') });
  return t('signedOnline', { at: cstTime(signature.at) });
}
