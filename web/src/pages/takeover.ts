// "Take over a case" (offline intake, 线上线下): a complainant whose complaint staff registered on paper
// or at a protection workstation takes the case over online with the code printed on its receipt
// or sent by SMS or e-mail (the form: code-entry.ts, as the respondent's join page). A code already
// used says the case was taken over. Taken over, the page opens the case, now the complainant's own.

import type { Page } from '../app.ts';
import { TAKING_OVER_ROLES } from '../nav.ts';
import { codeEntryPage } from './code-entry.ts';

export const takeOverPage: Page = (app, main, params) =>
  codeEntryPage(
    {
      id: 'takeover',
      roles: TAKING_OVER_ROLES,
      route: '/cases/takeover',
      text: {
        title: 'takeOverTitle',
        intro: 'takeOverIntro',
        code: 'takeoverCode',
        submit: 'takeOver',
        done: 'tookOver',
        locked: 'takeoverLocked',
      },
      reasons: { 'takeover.already_taken': 'takeoverTaken' },
    },
    app,
    main,
    params,
  );
