// `npm run users -- --user-pool-id <id> --email <address> --role <role> [--role <role>…]
//                    [--agency <agency>] [--lead] [--name <display name>] [--region <region>] [--resend]`
//
// Creates a user of the deployed pool and puts it in the groups of its roles (SPEC §2: the group IS
// the role). Cognito e-mails the user a temporary password (valid 3 days); at first sign-in they
// choose their own and set up an authenticator app (MFA is required). Running it again for an
// existing user only adds the missing groups; `--resend` sends a fresh temporary password to a user
// who has not signed in yet. `--agency` (officers only, SPEC §12) also puts an officer in its
// agency's group `agency:<agency>`; an officer without one is a market-regulation officer. `--lead`
// (officers only, SPEC §13) also puts it in the group `agency_lead`: a lead officer, who plans and
// draws its agency's random inspections. Credentials and region come from the usual AWS environment / profile.

import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { pathToFileURL } from 'node:url';
import { ROLES, type Role } from '#domain/model.ts';
import { AGENCIES, AGENCY_GROUP_PREFIX, isAgency, LEAD_GROUP, type Agency } from '#domain/agencies.ts';
import { quietSdkNodeWarning } from '#infra/local/node-version.ts';

export const USAGE =
  'usage: npm run users -- --user-pool-id <id> --email <address> --role <role> [--role <role>…] [--agency <agency>] [--lead] [--name <display name>] [--region <region>] [--resend]';

export class UsageError extends Error {}

export interface UserRequest {
  userPoolId: string;
  email: string;
  roles: Role[];
  /** An officer's agency (SPEC §12): its group `agency:<agency>` is added too. */
  agency?: Agency;
  /** A lead officer (SPEC §13): the group `agency_lead` is added too. */
  lead?: boolean;
  name?: string;
  region?: string;
  resend: boolean;
}

const VALUE_OPTIONS = ['--user-pool-id', '--email', '--role', '--agency', '--name', '--region'] as const;

export function parseUserArgs(argv: readonly string[]): UserRequest {
  const values: Record<string, string[]> = {};
  let resend = false;
  let lead = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--resend') {
      resend = true;
      continue;
    }
    if (arg === '--lead') {
      lead = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) throw new UsageError(`unknown argument ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.trim() === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`${name} needs a value`);
    }
    values[name] ??= [];
    values[name].push(value.trim());
  }
  const single = (name: (typeof VALUE_OPTIONS)[number]): string | undefined => {
    const given = values[name];
    if (given && given.length > 1) throw new UsageError(`${name} given more than once`);
    return given?.[0];
  };
  const userPoolId = single('--user-pool-id');
  const email = single('--email');
  const name = single('--name');
  const region = single('--region');
  if (!userPoolId) throw new UsageError('--user-pool-id is required (stack output UserPoolId)');
  // A pool id is `<region>_<id>`: catching a pasted client id or ARN here beats a NotFound from AWS.
  if (!/^[a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+$/.test(userPoolId))
    throw new UsageError(`--user-pool-id "${userPoolId}" is not a user pool id (like cn-north-1_AbC123)`);
  if (!email) throw new UsageError('--email is required (it is the sign-in name)');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError(`--email "${email}" is not an e-mail address`);
  const roles = (values['--role'] ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0) throw new UsageError(`--role is required; one of: ${ROLES.join(', ')}`);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) throw new UsageError(`unknown role "${unknown.join('", "')}"; one of: ${ROLES.join(', ')}`);
  const agency = single('--agency');
  if (agency !== undefined && !isAgency(agency)) throw new UsageError(`unknown agency "${agency}"; one of: ${AGENCIES.join(', ')}`);
  if (agency !== undefined && !roles.includes('officer')) throw new UsageError('--agency is for officers (--role officer)');
  if (lead && !roles.includes('officer')) throw new UsageError('--lead is for officers (--role officer)');
  return {
    userPoolId,
    email: email.toLowerCase(),
    roles: [...new Set(roles)] as Role[],
    ...(agency ? { agency } : {}),
    ...(lead ? { lead } : {}),
    ...(name ? { name } : {}),
    ...(region ? { region } : { region: userPoolId.split('_')[0]! }),
    resend,
  };
}

/** The part of the Cognito client this script uses (a stub in tests: Cognito has no local engine). */
export interface CognitoSender {
  send(command: AdminCreateUserCommand | AdminAddUserToGroupCommand): Promise<unknown>;
}

export interface UserOutcome {
  created: boolean;
  /** A new temporary password was e-mailed (new user, or `--resend`). */
  invited: boolean;
  groups: string[];
}

export async function provisionUser(cognito: CognitoSender, request: UserRequest): Promise<UserOutcome> {
  let created = false;
  let invited = false;
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: request.userPoolId,
        Username: request.email,
        UserAttributes: [
          { Name: 'email', Value: request.email },
          // The address was given by the administrator who knows the person: no verification round.
          { Name: 'email_verified', Value: 'true' },
          ...(request.name ? [{ Name: 'name', Value: request.name }] : []),
        ],
        DesiredDeliveryMediums: ['EMAIL'],
        ...(request.resend ? { MessageAction: 'RESEND' as const } : {}),
      }),
    );
    created = !request.resend;
    invited = true;
  } catch (error) {
    // Already there: add the groups below (a re-run is harmless). Anything else stops the script.
    if ((error as { name?: string }).name !== 'UsernameExistsException') throw error;
  }
  const groups = [
    ...request.roles,
    ...(request.agency ? [`${AGENCY_GROUP_PREFIX}${request.agency}`] : []),
    ...(request.lead ? [LEAD_GROUP] : []),
  ];
  for (const group of groups) {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: request.userPoolId, Username: request.email, GroupName: group }));
  }
  return { created, invited, groups };
}

async function main(argv: string[]): Promise<void> {
  let request: UserRequest;
  try {
    request = parseUserArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`users: ${error.message}\n${USAGE}\n`);
    process.exit(1);
  }
  const nodeNotice = quietSdkNodeWarning();
  if (nodeNotice) process.stderr.write(`users: ${nodeNotice}\n`);
  const cognito = new CognitoIdentityProviderClient(request.region ? { region: request.region } : {});
  const outcome = await provisionUser(cognito, request);
  const what = outcome.created ? 'created' : request.resend ? 'invitation re-sent to' : 'already existed:';
  process.stdout.write(
    `${what} ${request.email}; groups ${outcome.groups.join(', ')}${outcome.invited ? '; a temporary password was e-mailed' : ''}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
