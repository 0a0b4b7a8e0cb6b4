// Parties register themselves (SPEC §10 "Accounts"): the rule that gives a sign-up its group
// (domain/party-sign-up.ts), and the two Cognito triggers that apply it. Cognito has no local engine,
// so the post-confirmation trigger's AdminAddUserToGroup goes to a recording stand-in; what the
// service does with it is covered by AWS, and how the pool wires the triggers by
// test/infra/identity-parties.test.ts.

import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent, PreSignUpTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ROLES } from '#domain/model.ts';
import { PARTY_ROLE_ATTRIBUTE, partySignUpGroup, SELF_SIGN_UP_ROLES } from '#domain/party-sign-up.ts';
import { postConfirmation, type GroupAdder } from '../../functions/post-confirmation/handler.ts';
import { handler as preSignUp } from '../../functions/pre-sign-up/handler.ts';

const STAFF_ROLES = ROLES.filter((role) => role !== 'rights_holder' && role !== 'respondent');

describe('the group a sign-up gets', () => {
  it.each(['rights_holder', 'respondent'] as const)('gives %s its own group', (role) => {
    expect(partySignUpGroup(role)).toEqual({ ok: true, group: role });
  });

  it('lets a person choose only the two parties to a dispute', () => {
    expect([...SELF_SIGN_UP_ROLES].sort()).toEqual(['respondent', 'rights_holder']);
  });

  it('knows eight staff roles, none of which a sign-up may take', () => {
    expect(STAFF_ROLES).toEqual(['mediator', 'arbitrator', 'notary', 'officer', 'court', 'procuratorate', 'police', 'supervisor']);
  });

  it.each(STAFF_ROLES)('refuses the staff role %s: only an administrator assigns it', (role) => {
    const result = partySignUpGroup(role);
    expect(result).toMatchObject({ ok: false, reason: 'staff_role' });
    expect(result.ok ? '' : result.message).toMatch(/administrator/);
  });

  it.each([undefined, null, ''])('refuses a sign-up that chose nothing (%j)', (choice) => {
    expect(partySignUpGroup(choice)).toMatchObject({ ok: false, reason: 'missing' });
  });

  it.each(['admin', 'Respondent', ' respondent', 'rights_holder ', 'rights-holder', 'respondent,court', '[respondent]', 'toString'])(
    'refuses %j: no role, or not exactly one',
    (choice) => {
      expect(partySignUpGroup(choice)).toMatchObject({ ok: false, reason: 'unknown' });
    },
  );

  it('says which choices there are, and never repeats what was typed', () => {
    const result = partySignUpGroup('<script>');
    expect(result.ok ? '' : result.message).toBe(`${PARTY_ROLE_ATTRIBUTE} must be rights_holder or respondent.`);
  });
});

const POOL = 'cn-northwest-1_AbC123xyz';
const SUB = '6f1c2a9e-1b2c-4d5e-8f90-0a1b2c3d4e5f';

/** A Cognito trigger event with the fields the triggers read; `party_role` left out when undefined. */
function triggerEvent<E>(triggerSource: string, partyRole: string | undefined): E {
  return {
    version: '1',
    region: 'cn-northwest-1',
    userPoolId: POOL,
    userName: SUB,
    triggerSource,
    callerContext: { awsSdkVersion: 'aws-sdk-js-3', clientId: 'parties-client-id' },
    request: {
      userAttributes: {
        sub: SUB,
        email: 'party@example.cn',
        ...(partyRole === undefined ? {} : { [PARTY_ROLE_ATTRIBUTE]: partyRole }),
      },
    },
    response: {},
  } as E;
}

const signUp = (role: string | undefined, source = 'PreSignUp_SignUp') => triggerEvent<PreSignUpTriggerEvent>(source, role);
const confirmed = (role: string | undefined, source = 'PostConfirmation_ConfirmSignUp') =>
  triggerEvent<PostConfirmationTriggerEvent>(source, role);

/** Records every command; fails each one with `failure` when given, as a throttled or denied call would. */
function recordingCognito(failure?: Error): GroupAdder & { sent: Record<string, unknown>[] } {
  const sent: Record<string, unknown>[] = [];
  return {
    sent,
    async send(command) {
      expect(command).toBeInstanceOf(AdminAddUserToGroupCommand);
      sent.push({ ...command.input });
      if (failure) throw failure;
      return {};
    },
  };
}

describe('pre-sign-up trigger', () => {
  it.each(['rights_holder', 'respondent'])('lets a %s sign up, answering the event as Cognito expects', async (role) => {
    const event = signUp(role);
    await expect(preSignUp(event)).resolves.toBe(event);
  });

  it.each([...STAFF_ROLES, 'admin', undefined])('refuses a sign-up as %s with a message for the person', async (role) => {
    await expect(preSignUp(signUp(role))).rejects.toThrow(/rights_holder or respondent/);
  });

  it('leaves accounts an administrator creates alone: they choose no side', async () => {
    const event = signUp(undefined, 'PreSignUp_AdminCreateUser');
    await expect(preSignUp(event)).resolves.toBe(event);
  });
});

describe('post-confirmation trigger', () => {
  it.each(['rights_holder', 'respondent'])('puts a confirmed %s in its group of the pool that confirmed it', async (role) => {
    const cognito = recordingCognito();
    const event = confirmed(role);
    await expect(postConfirmation(() => cognito)(event)).resolves.toBe(event);
    expect(cognito.sent).toEqual([{ UserPoolId: POOL, Username: SUB, GroupName: role }]);
  });

  it.each([...STAFF_ROLES, 'admin', undefined])(
    'gives a confirmed sign-up as %s no group, and lets the confirmation stand',
    async (role) => {
      const cognito = recordingCognito();
      const event = confirmed(role);
      await expect(postConfirmation(() => cognito)(event)).resolves.toBe(event);
      expect(cognito.sent).toEqual([]);
    },
  );

  it('adds no group when a forgotten password is confirmed: only a new account chooses', async () => {
    const cognito = recordingCognito();
    await postConfirmation(() => cognito)(confirmed('respondent', 'PostConfirmation_ConfirmForgotPassword'));
    expect(cognito.sent).toEqual([]);
  });

  it('does not fail the confirmation when Cognito refuses the group (logged for an operator instead)', async () => {
    const cognito = recordingCognito(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    const event = confirmed('rights_holder');
    await expect(postConfirmation(() => cognito)(event)).resolves.toBe(event);
    expect(cognito.sent).toHaveLength(1);
  });
});
