// From the token's groups to a role (SPEC §2). Cognito groups are named as the roles and cannot
// contain whitespace; another OIDC provider's groups become roles only through the configured map
// (GROUP_ROLES), matched exactly — a group named `ex supervisor` is never the supervisor.
// API Gateway's JWT authorizer passes an array claim as a bracketed string ("[a b]"); providers may
// also send a JSON array in a string, a real array, or one plain name. Beside its role an officer
// may hold its agency's group (`agency:<id>`, SPEC §12) and the lead officers' group (`agency_lead`,
// SPEC §13); other roles take neither from their groups.

import { afterEach, describe, expect, it } from 'vitest';
import { GROUP_ROLES_ENV, config, resetConfig } from '#lib/config.ts';
import { ApiError } from '#lib/errors.ts';
import { callerOf, groupsOf, isLead, rolesOf } from '#lib/request.ts';
import { httpEvent } from '../support/events.ts';

const withGroups = (claim: unknown, sub = 'u-1') => {
  const event = httpEvent('http-get-case');
  event.requestContext.authorizer.jwt.claims = { ...event.requestContext.authorizer.jwt.claims, sub, 'cognito:groups': claim as string };
  return event;
};

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : 'NOT_AN_API_ERROR';
  }
  return 'NO_ERROR';
};

afterEach(() => {
  delete process.env[GROUP_ROLES_ENV];
  resetConfig();
});

describe('Cognito groups (no map configured): the group name is the role', () => {
  it("reads a real array, the authorizer's bracketed string, a JSON array string and a plain name", () => {
    expect(rolesOf(['mediator', 'court'], undefined)).toEqual(['mediator', 'court']);
    expect(rolesOf('[mediator court]', undefined)).toEqual(['mediator', 'court']);
    expect(rolesOf('["mediator","court"]', undefined)).toEqual(['mediator', 'court']);
    expect(rolesOf('officer', undefined)).toEqual(['officer']);
    expect(rolesOf('[officer]', undefined)).toEqual(['officer']);
    expect(rolesOf(undefined, undefined)).toEqual([]);
    expect(rolesOf(42, undefined)).toEqual([]);
  });

  it('never makes a group named `ex supervisor` the supervisor, in any shape of the claim', () => {
    for (const claim of ['ex supervisor', ['ex supervisor'], '["ex supervisor"]', ' ex supervisor ', 'ex,supervisor', '"supervisor"']) {
      expect(rolesOf(claim, undefined), JSON.stringify(claim)).toEqual([]);
    }
  });

  it('answers 403 to a caller whose only group is `ex supervisor`', () => {
    expect(codeOf(() => callerOf(withGroups('ex supervisor')))).toBe('FORBIDDEN');
    expect(codeOf(() => callerOf(withGroups(['ex supervisor'])))).toBe('FORBIDDEN');
  });

  it('ignores groups that are not roles, and takes the first that is', () => {
    expect(rolesOf('[visitors court supervisor]', undefined)).toEqual(['court', 'supervisor']);
    expect(callerOf(withGroups('[visitors court]', 'u-9'))).toEqual({ role: 'court', sub: 'u-9' });
  });

  it("lists the provider's group names as they are", () => {
    expect(groupsOf(['IP Admins', 'court'])).toEqual(['IP Admins', 'court']);
    expect(groupsOf('[mediator court]')).toEqual(['mediator', 'court']);
    expect(groupsOf('["IP Admins","court"]')).toEqual(['IP Admins', 'court']);
    expect(groupsOf('IP Admins')).toEqual(['IP Admins']);
    expect(groupsOf('')).toEqual([]);
    expect(groupsOf('[]')).toEqual([]);
  });
});

describe('another OIDC provider: only the configured map makes a group a role', () => {
  const map = { 'IP Admins': 'supervisor', Mediators: 'mediator', 'ex supervisor': 'notary', court: 'court' } as const;

  it('maps a name containing a space, whether the claim is that one name, bracketed, a JSON array or a real array', () => {
    expect(rolesOf('IP Admins', map)).toEqual(['supervisor']);
    expect(rolesOf('[IP Admins]', map)).toEqual(['supervisor']);
    expect(rolesOf('["IP Admins","Mediators"]', map)).toEqual(['supervisor', 'mediator']);
    expect(rolesOf(['Mediators', 'IP Admins'], map)).toEqual(['mediator', 'supervisor']);
  });

  it('tries the whole claim as one name before splitting it', () => {
    // `ex supervisor` is mapped to notary here: never split into `ex` + `supervisor`.
    expect(rolesOf('[ex supervisor]', map)).toEqual(['notary']);
    expect(rolesOf('ex supervisor', map)).toEqual(['notary']);
  });

  it("splits the authorizer's bracketed list of several groups, mapping each name exactly", () => {
    expect(rolesOf('[Mediators court]', map)).toEqual(['mediator', 'court']);
    expect(rolesOf('[Everyone Mediators]', map)).toEqual(['mediator']);
  });

  it('applies no default: a group named like a role is not that role unless mapped', () => {
    expect(rolesOf('supervisor', map)).toEqual([]);
    expect(rolesOf(['supervisor', 'mediator'], map)).toEqual([]);
    expect(rolesOf('[supervisor]', map)).toEqual([]);
    // Mapped names match exactly: case and spacing count.
    expect(rolesOf(['ip admins', 'IP  Admins', ' IP Admins'], map)).toEqual([]);
  });

  it('a name with a space is a role only when mapped', () => {
    expect(rolesOf('IP Admins', undefined)).toEqual([]);
    expect(rolesOf('IP Admins', { Mediators: 'mediator' })).toEqual([]);
  });

  it('callerOf reads the map from the configuration (GROUP_ROLES)', () => {
    process.env[GROUP_ROLES_ENV] = JSON.stringify(map);
    resetConfig();
    expect(callerOf(withGroups('[IP Admins]', 'a-1'))).toEqual({ role: 'supervisor', sub: 'a-1' });
    expect(codeOf(() => callerOf(withGroups('[supervisor]')))).toBe('FORBIDDEN');
    expect(codeOf(() => callerOf(withGroups('ex supervisor')))).toBe('NO_ERROR');
    expect(callerOf(withGroups('ex supervisor'))).toEqual({ role: 'notary', sub: 'u-1' });
  });

  it('refuses a map that is not JSON, names no group, or maps to something that is not a role', () => {
    for (const bad of ['{', '[]', '{"":"court"}', '{"Judges":"judge"}', '"court"']) {
      process.env[GROUP_ROLES_ENV] = bad;
      resetConfig();
      expect(() => config(), bad).toThrow(/GROUP_ROLES|groupRoles/);
    }
  });
});

describe("an officer's lead group `agency_lead` (SPEC §13: plans and draws its agency's inspections)", () => {
  it('makes an officer holding it a lead, beside its agency, in every shape of the claim', () => {
    expect(callerOf(withGroups(['officer', 'agency:culture_tourism', 'agency_lead'], 'o-1'))).toEqual({
      role: 'officer',
      sub: 'o-1',
      agency: 'culture_tourism',
      lead: true,
    });
    expect(callerOf(withGroups('[officer agency_lead agency:forestry]', 'o-2'))).toEqual({
      role: 'officer',
      sub: 'o-2',
      agency: 'forestry',
      lead: true,
    });
    // No agency group: a market-regulation lead (access.ts reads the missing agency).
    expect(callerOf(withGroups('["officer","agency_lead"]', 'o-3'))).toEqual({ role: 'officer', sub: 'o-3', lead: true });
  });

  it('leaves an officer without it no lead at all (not even `lead: false`)', () => {
    expect(callerOf(withGroups(['officer', 'agency:culture_tourism'], 'o-4'))).toEqual({
      role: 'officer',
      sub: 'o-4',
      agency: 'culture_tourism',
    });
    expect(callerOf(withGroups('[officer]', 'o-5'))).toEqual({ role: 'officer', sub: 'o-5' });
  });

  it('gives no other role a lead, even one holding the group', () => {
    expect(callerOf(withGroups(['court', 'agency_lead'], 'c-1'))).toEqual({ role: 'court', sub: 'c-1' });
    expect(callerOf(withGroups('[supervisor agency_lead agency:forestry]', 's-1'))).toEqual({ role: 'supervisor', sub: 's-1' });
    // The first role decides: a court that is also an officer is read as the court.
    expect(callerOf(withGroups(['court', 'officer', 'agency_lead'], 'c-2'))).toEqual({ role: 'court', sub: 'c-2' });
  });

  it('is no role by itself: a caller holding only the lead group is refused', () => {
    expect(rolesOf(['agency_lead'], undefined)).toEqual([]);
    expect(codeOf(() => callerOf(withGroups('[agency_lead]')))).toBe('FORBIDDEN');
  });

  it('with another provider, only a group mapped to `agency_lead` makes a lead — one merely named so does not', () => {
    const map = { 'Copyright Officers': 'officer', 'Inspection Leads': 'agency_lead', 版权处: 'agency:culture_tourism' } as const;
    expect(isLead(['Copyright Officers', 'Inspection Leads'], map)).toBe(true);
    expect(isLead('[Inspection Leads]', map)).toBe(true);
    expect(isLead('Inspection Leads', map)).toBe(true);
    expect(isLead(['Copyright Officers', 'agency_lead'], map)).toBe(false);
    expect(isLead(['Copyright Officers', '版权处'], map)).toBe(false);
    expect(isLead(['agency_lead'], undefined)).toBe(true);
    expect(isLead(['officer', 'agency:forestry'], undefined)).toBe(false);
  });

  it('callerOf reads a lead mapping from the configuration (GROUP_ROLES)', () => {
    process.env[GROUP_ROLES_ENV] = JSON.stringify({
      'Copyright Officers': 'officer',
      'Inspection Leads': 'agency_lead',
      版权处: 'agency:culture_tourism',
    });
    resetConfig();
    expect(callerOf(withGroups(['Copyright Officers', '版权处', 'Inspection Leads'], 'o-9'))).toEqual({
      role: 'officer',
      sub: 'o-9',
      agency: 'culture_tourism',
      lead: true,
    });
    expect(callerOf(withGroups(['Copyright Officers', 'agency_lead'], 'o-10'))).toEqual({ role: 'officer', sub: 'o-10' });
  });
});
