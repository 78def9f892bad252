// #/statements/{number}: one issued statement, laid out to be printed (the print stylesheet
// leaves out the header, the navigation and the buttons).

import { apiPath, apiUrl, get } from '../api.js';
import { button, el, link, panel } from '../dom.js';
import { language, t } from '../i18n.js';
import { moneyWriter } from './billing.js';
import { statementDocument } from './statement-doc.js';

/** Renders the statement; resolves once it is shown. */
export async function render(view, { params: [number] }) {
  const [money, statement] = await Promise.all([moneyWriter(), get(apiPath`statements/${number}`)]);
  // The unnumbered draft (#/statements/draft) is titled as a draft, never by its placeholder number.
  const title = statement.issuedAt ? t('statement.titleOf', { number: statement.number ?? number }) : t('statement.draft');
  view.append(panel({ title, testid: 'statement-panel' },
    el('p', { className: 'no-print actions' },
      link({ href: '#/statements', text: t('statement.back'), testid: 'statement-back' }),
      ' ',
      button({ text: t('statement.print'), testid: 'statement-print', onClick: () => window.print() }),
      ' ',
      el('a', { text: t('statement.invoice'), testid: 'statement-invoice',
        attrs: { href: apiUrl(apiPath`statements/${number}/invoice.pdf` + `?lang=${language()}`) } })),
    statementDocument(statement, money)));
}
