// Secrets Manager values the functions need (the cursor secret, an SMTP relay's URL with its
// password): fetched once per execution environment by ARN — the promise is cached, so concurrent
// first uses share one call — and never logged. A failed fetch (throttling, a network blip) is not
// kept: the next use tries again.

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let client: SecretsManagerClient | undefined;
const cache = new Map<string, Promise<string>>();

export function secretString(arn: string): Promise<string> {
  let value = cache.get(arn);
  if (!value) {
    client ??= new SecretsManagerClient({ maxAttempts: 3 });
    value = client.send(new GetSecretValueCommand({ SecretId: arn })).then(({ SecretString }) => {
      if (!SecretString) throw new Error(`The secret ${arn} holds no string`);
      return SecretString;
    });
    cache.set(arn, value);
    value.catch(() => {
      if (cache.get(arn) === value) cache.delete(arn);
    });
  }
  return value;
}
