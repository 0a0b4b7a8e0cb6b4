// From the token's groups to a role (SPEC §2). Cognito groups are named as the roles and cannot
// contain whitespace; another OIDC provider's groups become roles only through the configured map
// (GROUP_ROLES), matched exactly — a group named `ex supervisor` is never the supervisor.
// API Gateway's JWT authorizer passes an array claim as a bracketed string ("[a b]"); providers may
// also send a JSON array in a string, a real array, or one plain name.

import { afterEach, describe, expect, it } from 'vitest';
import { GROUP_ROLES_ENV, config, resetConfig } from '#lib/config.ts';
import { ApiError } from '#lib/errors.ts';
import { callerOf, groupsOf, rolesOf } from '#lib/request.ts';
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
