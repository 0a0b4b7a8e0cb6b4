// Cognito's user pool API, called from the browser for the parties' sign-up (SPEC §10 "Accounts").
// SignUp, ConfirmSignUp and ResendConfirmationCode are public actions of an app client without a
// secret: no AWS credentials and no SDK (the pages stay one small bundle), just Cognito's JSON
// protocol. The endpoint follows the region's partition (amazonaws.com.cn in China), as the
// stack's Content-Security-Policy names it.

import type { SignUpConfig } from './config.ts';

/** An error Cognito answered: its `__type` (`UsernameExistsException`, …) and its own message. */
export class CognitoFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The request did not get an answer (offline, blocked, DNS): it may or may not have reached Cognito. */
export class CognitoUnreachable extends Error {}

// A region name only: config.json is ours, but nothing read from it should be able to point the
// password at another host.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function cognitoEndpoint(region: string): string {
  if (!REGION.test(region)) throw new Error(`not an AWS region: ${region}`);
  return `https://cognito-idp.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`;
}

export interface CodeDelivery {
  /** Where the code went, masked by Cognito (`l***@e***`). */
  Destination?: string;
  DeliveryMedium?: string;
  AttributeName?: string;
}

async function call<T>(config: SignUpConfig, action: string, body: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(cognitoEndpoint(config.region), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify({ ClientId: config.clientId, ...body }),
    });
  } catch (error) {
    throw new CognitoUnreachable(error instanceof Error ? error.message : String(error));
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return answer as T;
  // `__type` is the bare name, or, from some AWS JSON services, `namespace#Name`.
  const type = String(answer['__type'] ?? '').replace(/^.*#/, '');
  const message = String(answer['message'] ?? answer['Message'] ?? '');
  throw new CognitoFailure(type || `HTTP ${response.status}`, message, response.status);
}

/** SignUp: the account exists, unconfirmed, and Cognito e-mails a code to the address. */
export function signUp(
  config: SignUpConfig,
  request: { email: string; password: string; attributes: Record<string, string> },
): Promise<{ UserConfirmed?: boolean; UserSub?: string; CodeDeliveryDetails?: CodeDelivery }> {
  return call(config, 'SignUp', {
    Username: request.email,
    Password: request.password,
    UserAttributes: [
      { Name: 'email', Value: request.email },
      ...Object.entries(request.attributes).map(([Name, Value]) => ({ Name, Value })),
    ],
  });
}

/** ConfirmSignUp: the code proves the address; the post-confirmation trigger then gives the group. */
export function confirmSignUp(config: SignUpConfig, email: string, code: string): Promise<Record<string, unknown>> {
  return call(config, 'ConfirmSignUp', { Username: email, ConfirmationCode: code });
}

export function resendConfirmationCode(config: SignUpConfig, email: string): Promise<{ CodeDeliveryDetails?: CodeDelivery }> {
  return call(config, 'ResendConfirmationCode', { Username: email });
}
