// "Join a case" (SPEC §10), the respondent's way in: the case number and the invitation code the
// handler's invitation sent by SMS or e-mail (the form: code-entry.ts). Joined, the page opens the case.

import type { Page } from '../app.ts';
import { JOINING_ROLES } from '../nav.ts';
import { codeEntryPage } from './code-entry.ts';

export const joinPage: Page = (app, main, params) =>
  codeEntryPage(
    {
      id: 'join',
      roles: JOINING_ROLES,
      route: '/invitations/accept',
      text: { title: 'joinTitle', intro: 'joinIntro', code: 'invitationCode', submit: 'join', done: 'joined', locked: 'invitationLocked' },
    },
    app,
    main,
    params,
  );
