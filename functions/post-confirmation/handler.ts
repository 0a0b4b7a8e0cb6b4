// Cognito post-confirmation trigger of the user pool (infra/cdk/sign-up.ts), SPEC §10 "Accounts":
// once a self-registered party has verified its e-mail address, it joins the group of the side it
// chose at sign-up (`custom:party_role`): `rights_holder` or `respondent`, and nothing else — staff
// groups are only ever assigned by an administrator (`npm run users`). The group is the role the API
// reads from `cognito:groups`, so it must be in place before the first sign-in issues a token.
//
// It never throws. The account is confirmed whatever this function answers, and Cognito runs it once
// per confirmation: an error here would only show the person a failure for a step that succeeded,
// and a retry of the confirmation finds the account already confirmed. So a refused choice (which
// the pre-sign-up trigger already keeps out) is a warning, and a failed AdminAddUserToGroup an
// error line naming the user, for an operator to add the group by hand. Not part of
// infra/topology.ts: Cognito, not an HTTP route, queue or schedule, invokes it.

import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Context, PostConfirmationTriggerEvent } from 'aws-lambda';
import { PARTY_ROLE_ATTRIBUTE, partySignUpGroup } from '#domain/party-sign-up.ts';
import { withInvocation } from '#lib/invocation.ts';
import { errorFields, log } from '#lib/log.ts';

/** What the trigger needs of the Cognito client: tests pass a recording stand-in. */
export interface GroupAdder {
  send(command: AdminAddUserToGroupCommand): Promise<unknown>;
}

let client: CognitoIdentityProviderClient | undefined;

// Created on first use and reused, as functions/lib/aws.ts does with the other clients. Cognito gives
// the trigger 5 seconds in all: three attempts fit in that, more would outlast it.
function cognito(): GroupAdder {
  client ??= new CognitoIdentityProviderClient({ maxAttempts: 3 });
  return client;
}

export function postConfirmation(groups: () => GroupAdder) {
  return (event: PostConfirmationTriggerEvent, context?: Partial<Context>): Promise<PostConfirmationTriggerEvent> =>
    withInvocation('post-confirmation', context, {}, async () => {
      // A confirmed password reset runs this trigger too: only a new account's confirmation chooses a group.
      if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
      // The sub, not the e-mail address, names the user in the logs.
      const user = { sub: event.request.userAttributes.sub, clientId: event.callerContext.clientId };
      const choice = partySignUpGroup(event.request.userAttributes[PARTY_ROLE_ATTRIBUTE]);
      if (!choice.ok) {
        log.warn('confirmed sign-up gets no group: its party role is not one a person may choose', { ...user, reason: choice.reason });
        return event;
      }
      try {
        // The pool from the event, not from configuration: the function serves the pool that invokes it,
        // and its role may add users to groups of that pool only.
        await groups().send(
          new AdminAddUserToGroupCommand({ UserPoolId: event.userPoolId, Username: event.userName, GroupName: choice.group }),
        );
        log.info('party joined its group', { ...user, group: choice.group });
      } catch (error) {
        log.error('party group not assigned: add it with npm run users', { ...user, group: choice.group, ...errorFields(error) });
      }
      return event;
    });
}

export const handler = postConfirmation(cognito);
