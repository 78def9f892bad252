// A member's consent to network visits (docs/network.md, "Partners and equivalences"): whether their name, member id
// and trainings may be sent to partner labs that receive only members who consented. Shown on the member's page and on
// a maker's own page; the member switches it, and so may staff who manage members (a consent given on paper).

import { apiPath, put } from '../api.js';
import { el, form, panel, submit } from '../dom.js';
import { t } from '../i18n.js';

/** The consent panel of `member` (as GET /members/{id} gives it); `change` is false to show it only. */
export function networkVisitsPanel(member, { change }) {
  const content = el('div', {});
  const show = (consent) => {
    const state = el('p', { className: consent ? 'status status-valid' : 'status', testid: 'network-visits-state',
      data: { consent: String(consent) }, text: t(consent ? 'networkVisits.given' : 'networkVisits.notGiven') });
    // replaceChildren writes a null as the text "null": the form only for those who may switch
    content.replaceChildren(...(change ? [state, switchForm(consent)] : [state]));
  };
  const switchForm = (consent) => form({
    testid: 'network-visits-form',
    label: t('networkVisits.title'),
    className: 'form form-inline',
    action: async () => {
      const changed = await put(apiPath`members/${member.id}/network-visits`, { networkVisits: !consent });
      show(changed.networkVisits === true);
    },
  },
  el('div', { className: 'form-actions' }, submit({ testid: 'network-visits-submit',
    text: t(consent ? 'networkVisits.withdraw' : 'networkVisits.give') })));
  show(member.networkVisits === true);
  return panel({ title: t('networkVisits.title'), testid: 'network-visits-panel' },
    el('p', { text: t('networkVisits.explain') }), content);
}
