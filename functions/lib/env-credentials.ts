// What a bundled function uses in place of the SDK's default credential chain. Lambda hands a
// function its role's credentials in environment variables, so the chain's other sources — SSO,
// ini files, credential processes, web identity, instance metadata, and the STS and SSO clients
// they bring — never answer there, yet they are about 135 KB of every bundle and of its cold start.
// The bundlers (infra/cdk/functions.ts, bench/cold-start.ts) alias @aws-sdk/credential-provider-node
// to this module; unbundled code (the local runtime, tests, scripts) keeps the full chain.

import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
