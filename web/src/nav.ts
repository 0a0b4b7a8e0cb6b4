// Which pages each role gets in the navigation, and where a role lands after signing in. The role
// lists are the API's own (domain/access.ts): a page is offered to exactly the roles it can serve.

import { PARTY_ROLES, ROUTE_ROLES, SEARCHING_ROLES, mayCall } from '#domain/access.ts';
import type { Role } from '#domain/model.ts';
import type { TextKey } from './i18n.ts';

/** Who joins a case with an invitation code (POST /invitations/accept, SPEC §10). */
export const JOINING_ROLES: readonly Role[] = ['respondent'];

/** Who takes over a case staff entered offline on its behalf, with its takeover code (POST /cases/takeover). */
export const TAKING_OVER_ROLES: readonly Role[] = ['rights_holder'];

/** Who keeps the working-day calendar (GET and PUT /calendar/{year}, SPEC §6 v2). */
export const CALENDAR_ROLES: readonly Role[] = ROUTE_ROLES['GET /calendar/{year}'];

/** Whose "my cases" are the cases they are a party to: the complainant's own, the respondent's joined. */
export const MY_CASES_ROLES: readonly Role[] = [...new Set([...PARTY_ROLES, ...JOINING_ROLES])];

/**
 * Pages for everyone, signed in or not (SPEC §12 一公开): the public register of penalty decisions,
 * the credit list (the notices sent to a respondent under review link to `#/credit-list`) and the
 * record of random inspections (SPEC §13).
 */
const PUBLIC_ITEMS: readonly NavItem[] = [
  { hash: '#/decisions', label: 'decisions' },
  { hash: '#/credit-list', label: 'creditList' },
  { hash: '#/public-inspections', label: 'publicInspectionsNav' },
];

interface NavItem {
  hash: string;
  label: TextKey;
}

export function navOf(role: Role | undefined): NavItem[] {
  return [{ hash: '#/', label: 'home' }, ...(role ? roleItems(role) : []), ...PUBLIC_ITEMS];
}

/** The pages of the role, in the order it gets them (the first is where it lands). */
function roleItems(role: Role): NavItem[] {
  const items: NavItem[] = [];
  if (mayCall('POST /complaints', role)) items.push({ hash: '#/file', label: 'file' });
  // A respondent starts with its code: joining is its way in.
  if (JOINING_ROLES.includes(role)) items.push({ hash: '#/join', label: 'joinCase' });
  // Offline intake: a complainant whose paper complaint staff registered takes it over with its code.
  if (mayCall('POST /cases/takeover', role)) items.push({ hash: '#/takeover', label: 'takeOverCase' });
  if (MY_CASES_ROLES.includes(role)) items.push({ hash: '#/my-cases', label: 'myCases' });
  if (mayCall('GET /work-queues/{path}', role)) items.push({ hash: '#/queue', label: 'queue' });
  // An officer opens an enforcement case on a lead of its own (依职权立案, SPEC §12).
  if (mayCall('POST /cases', role)) items.push({ hash: '#/open-case', label: 'openCase' });
  if (SEARCHING_ROLES.includes(role)) items.push({ hash: '#/search', label: 'search' });
  if (mayCall('GET /stats', role)) items.push({ hash: '#/stats', label: 'stats' });
  if (mayCall('GET /calendar/{year}', role)) items.push({ hash: '#/calendar', label: 'calendarNav' });
  // The credit list's review (SPEC §12): officers nominate, the supervisor reviews.
  if (mayCall('GET /credit-list', role)) items.push({ hash: '#/credit-review', label: 'creditReview' });
  // Random inspections (SPEC §13): the supervisor and lead officers plan and draw, the inspectors drawn record results.
  if (mayCall('GET /inspections', role)) items.push({ hash: '#/inspections', label: 'inspectionsNav' });
  // Offline intake (线上线下): staff register a complaint brought in on paper or at a workstation.
  if (mayCall('POST /complaints/offline', role)) items.push({ hash: '#/intake', label: 'offlineIntake' });
  return items;
}

export function homeOf(role: Role): string {
  return roleItems(role)[0]?.hash ?? '#/';
}
