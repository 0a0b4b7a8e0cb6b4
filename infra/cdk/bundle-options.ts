// What the function bundles leave out, shared by the stack (functions.ts) and the bench, which
// bundles the handlers the same way to measure them (bench/cold-start.ts).

/**
 * Lambda gives the role's credentials in the environment: the SDK's default chain (SSO, ini,
 * process, web identity, IMDS and their STS/SSO clients) is ~135 KB that never answers there.
 * This module stands in for it.
 */
export const CREDENTIALS_ALIAS = { module: '@aws-sdk/credential-provider-node', to: 'functions/lib/env-credentials.ts' } as const;

/**
 * Modules the SDK only reaches through a dynamic `import()` for features these functions never use:
 * event streams (no DynamoDB or SQS operation they call has one; ~19 KB per bundle). Left external,
 * the `import()` stays in the bundle and would resolve against the runtime's own SDK copy if ever
 * reached.
 */
export const UNUSED_SDK_MODULES = ['@smithy/core/event-streams'] as const;
