// Cognito pre-sign-up trigger of the user pool (infra/cdk/sign-up.ts), SPEC §10 "Accounts": a person
// signing themselves up must choose to be a rights holder or a respondent (`custom:party_role`).
// Any other choice is refused here, before an account exists, with a message the sign-up page can
// show — rather than confirming an account that the post-confirmation trigger could put in no group.
// Not part of infra/topology.ts: Cognito, not an HTTP route, queue or schedule, invokes it.

import type { Context, PreSignUpTriggerEvent } from 'aws-lambda';
import { PARTY_ROLE_ATTRIBUTE, partySignUpGroup } from '#domain/party-sign-up.ts';
import { withInvocation } from '#lib/invocation.ts';
import { log } from '#lib/log.ts';

export async function handler(event: PreSignUpTriggerEvent, context?: Partial<Context>): Promise<PreSignUpTriggerEvent> {
  return withInvocation('pre-sign-up', context, {}, async () => {
    // Only a person's own sign-up chooses a side. Accounts an administrator creates (`npm run users`,
    // AdminCreateUser) carry no choice and get their groups from the administrator.
    if (event.triggerSource !== 'PreSignUp_SignUp') return event;
    const choice = partySignUpGroup(event.request.userAttributes[PARTY_ROLE_ATTRIBUTE]);
    if (!choice.ok) {
      // The value itself is not logged: it is whatever the caller typed.
      log.info('sign-up refused', { reason: choice.reason, clientId: event.callerContext.clientId });
      // Throwing is the only way a pre-sign-up trigger refuses: Cognito creates no user and answers the
      // SignUp call with this message ("PreSignUp failed with error …").
      throw new Error(choice.message);
    }
    return event;
  });
}
