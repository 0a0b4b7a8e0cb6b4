// The user-creation script (tools/users.ts): its arguments, and the Cognito calls it makes.
// Cognito has no local engine (unlike DynamoDB Local or the SQS emulator), so the calls go to a
// recording stub that answers the way Cognito does — including UsernameExistsException for a user
// that is already there. What the real service does with them is covered by AWS, not by this test.

import { AdminAddUserToGroupCommand, AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { ROLES } from '#domain/model.ts';
import { parseUserArgs, provisionUser, UsageError, type CognitoSender } from '#tools/users.ts';

const POOL = 'cn-northwest-1_AbC123xyz';

/** Records every command; fails AdminCreateUser for the usernames in `existing` as Cognito would. */
function recordingCognito(existing: string[] = []): CognitoSender & { sent: { name: string; input: Record<string, unknown> }[] } {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  return {
    sent,
    async send(command) {
      sent.push({ name: command.constructor.name, input: command.input as unknown as Record<string, unknown> });
      const input = command.input as { Username?: string; MessageAction?: string };
      if (command instanceof AdminCreateUserCommand && existing.includes(input.Username!) && input.MessageAction !== 'RESEND') {
        throw Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' });
      }
      return {};
    },
  };
}

describe('arguments', () => {
  it('reads pool, e-mail (lower-cased), roles (repeated or comma-separated, deduplicated) and name', () => {
    expect(
      parseUserArgs([
        '--user-pool-id',
        POOL,
        '--email=Wang.Li@Court.example.cn',
        '--role',
        'court',
        '--role=supervisor,court',
        '--name',
        '王丽',
      ]),
    ).toEqual({
      userPoolId: POOL,
      email: 'wang.li@court.example.cn',
      roles: ['court', 'supervisor'],
      name: '王丽',
      region: 'cn-northwest-1',
      resend: false,
    });
  });

  it('takes the region from the pool id unless given, and --resend', () => {
    expect(
      parseUserArgs(['--user-pool-id', POOL, '--email', 'a@b.cn', '--role', 'notary', '--region', 'cn-north-1', '--resend']),
    ).toMatchObject({
      region: 'cn-north-1',
      resend: true,
    });
  });

  it.each([
    [['--email', 'a@b.cn', '--role', 'court'], /--user-pool-id is required/],
    [['--user-pool-id', 'abc-client-id', '--email', 'a@b.cn', '--role', 'court'], /not a user pool id/],
    [['--user-pool-id', POOL, '--role', 'court'], /--email is required/],
    [['--user-pool-id', POOL, '--email', 'not-an-address', '--role', 'court'], /not an e-mail address/],
    [['--user-pool-id', POOL, '--email', 'a@b.cn'], /--role is required/],
    [['--user-pool-id', POOL, '--email', 'a@b.cn', '--role', 'judge'], /unknown role "judge"/],
    [['--user-pool-id', POOL, '--email', 'a@b.cn', '--role', 'court', '--admin'], /unknown argument --admin/],
    [['--user-pool-id', POOL, '--email', '--role', 'court'], /--email needs a value/],
    [['--user-pool-id', POOL, '--user-pool-id', POOL, '--email', 'a@b.cn', '--role', 'court'], /more than once/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseUserArgs(argv)).toThrow(UsageError);
    expect(() => parseUserArgs(argv)).toThrow(message);
  });

  it("--agency and --lead put an officer in its agency's group and the lead officers' group (SPEC §12, §13)", () => {
    expect(
      parseUserArgs(['--user-pool-id', POOL, '--email', 'li@wlj.example.cn', '--role', 'officer', '--agency', 'culture_tourism', '--lead']),
    ).toMatchObject({ roles: ['officer'], agency: 'culture_tourism', lead: true });
    expect(parseUserArgs(['--user-pool-id', POOL, '--email', 'o@amr.example.cn', '--role', 'officer'])).not.toHaveProperty('lead');
  });

  it.each([
    [['--role', 'court', '--lead'], /--lead is for officers/],
    [['--role', 'supervisor', '--agency', 'forestry'], /--agency is for officers/],
    [['--role', 'officer', '--agency', 'customs'], /unknown agency "customs"/],
    [['--role', 'officer', '--lead=yes'], /unknown argument --lead=yes/],
  ])('refuses %j for a non-officer or a bad agency', (argv, message) => {
    expect(() => parseUserArgs(['--user-pool-id', POOL, '--email', 'a@b.cn', ...argv])).toThrow(message);
  });

  it('accepts every SPEC §2 role and names them all when refusing one', () => {
    for (const role of ROLES) expect(parseUserArgs(['--user-pool-id', POOL, '--email', 'a@b.cn', '--role', role]).roles).toEqual([role]);
    expect(() => parseUserArgs(['--user-pool-id', POOL, '--email', 'a@b.cn', '--role', 'x'])).toThrow(ROLES.join(', '));
  });
});

describe('Cognito calls', () => {
  it('creates the user with a verified e-mail, has Cognito e-mail the temporary password, then adds each group', async () => {
    const cognito = recordingCognito();
    const outcome = await provisionUser(
      cognito,
      parseUserArgs(['--user-pool-id', POOL, '--email', 'm@med.example.cn', '--role', 'mediator,supervisor', '--name', '张敏']),
    );
    expect(outcome).toEqual({ created: true, invited: true, groups: ['mediator', 'supervisor'] });
    expect(cognito.sent).toEqual([
      {
        name: 'AdminCreateUserCommand',
        input: {
          UserPoolId: POOL,
          Username: 'm@med.example.cn',
          UserAttributes: [
            { Name: 'email', Value: 'm@med.example.cn' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: '张敏' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
      { name: 'AdminAddUserToGroupCommand', input: { UserPoolId: POOL, Username: 'm@med.example.cn', GroupName: 'mediator' } },
      { name: 'AdminAddUserToGroupCommand', input: { UserPoolId: POOL, Username: 'm@med.example.cn', GroupName: 'supervisor' } },
    ]);
  });

  it("adds a lead officer to officer, its agency's group and agency_lead, in that order", async () => {
    const cognito = recordingCognito();
    const outcome = await provisionUser(
      cognito,
      parseUserArgs(['--user-pool-id', POOL, '--email', 'li@wlj.example.cn', '--role', 'officer', '--agency', 'culture_tourism', '--lead']),
    );
    expect(outcome.groups).toEqual(['officer', 'agency:culture_tourism', 'agency_lead']);
    expect(cognito.sent.filter((c) => c.name === 'AdminAddUserToGroupCommand').map((c) => c.input['GroupName'])).toEqual([
      'officer',
      'agency:culture_tourism',
      'agency_lead',
    ]);
  });

  it('for a user that already exists, only adds the groups (a re-run is harmless)', async () => {
    const cognito = recordingCognito(['o@amr.example.cn']);
    const outcome = await provisionUser(
      cognito,
      parseUserArgs(['--user-pool-id', POOL, '--email', 'o@amr.example.cn', '--role', 'officer']),
    );
    expect(outcome).toEqual({ created: false, invited: false, groups: ['officer'] });
    expect(cognito.sent.map((c) => c.name)).toEqual(['AdminCreateUserCommand', 'AdminAddUserToGroupCommand']);
  });

  it('--resend asks Cognito to e-mail a fresh temporary password', async () => {
    const cognito = recordingCognito(['p@psb.example.cn']);
    const outcome = await provisionUser(
      cognito,
      parseUserArgs(['--user-pool-id', POOL, '--email', 'p@psb.example.cn', '--role', 'police', '--resend']),
    );
    expect(outcome).toMatchObject({ created: false, invited: true });
    expect(cognito.sent[0]).toMatchObject({ name: 'AdminCreateUserCommand', input: { MessageAction: 'RESEND' } });
  });

  it('stops on any other Cognito error, before touching groups', async () => {
    const cognito: CognitoSender & { calls: number } = {
      calls: 0,
      async send(command) {
        this.calls++;
        if (command instanceof AdminAddUserToGroupCommand) return {};
        throw Object.assign(new Error('no such pool'), { name: 'ResourceNotFoundException' });
      },
    };
    await expect(provisionUser(cognito, parseUserArgs(['--user-pool-id', POOL, '--email', 'a@b.cn', '--role', 'court']))).rejects.toThrow(
      'no such pool',
    );
    expect(cognito.calls).toBe(1);
  });
});
