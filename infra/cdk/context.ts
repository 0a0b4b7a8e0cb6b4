// Deployment choices read from CDK context (`-c key=value` or cdk.json), validated in one place.

import type { Construct } from 'constructs';

export interface DeploymentContext {
  /** Another OIDC provider's issuer URL, replacing the Cognito pool as the API's token issuer. */
  jwtIssuer?: string;
  /** Accepted token audiences (client ids) when `jwtIssuer` is set, or extra ones for the pool. */
  jwtAudience?: string[];
  /** Browser origins allowed by CORS. */
  corsOrigins?: string[];
}

export function deploymentContext(scope: Construct): DeploymentContext {
  const jwtIssuer = contextString(scope, 'jwtIssuer');
  const jwtAudience = contextList(scope, 'jwtAudience');
  const corsOrigins = contextList(scope, 'corsOrigins');
  if (jwtIssuer !== undefined && !/^https:\/\/\S+$/.test(jwtIssuer)) {
    throw new Error(`Context "jwtIssuer" must be an https URL, got "${jwtIssuer}"`);
  }
  if (jwtIssuer !== undefined && jwtAudience === undefined) {
    // The pool's client id would never match another provider's tokens: every call would be 401.
    throw new Error('Context "jwtIssuer" is set: set "jwtAudience" too (comma-separated client ids)');
  }
  return {
    ...(jwtIssuer !== undefined ? { jwtIssuer } : {}),
    ...(jwtAudience !== undefined ? { jwtAudience } : {}),
    ...(corsOrigins !== undefined ? { corsOrigins } : {}),
  };
}

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value.trim();
}

/** A list from context: `-c key=a,b` on the command line, or an array in cdk.json. */
function contextList(scope: Construct, key: string): string[] | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const items: unknown[] | undefined = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : undefined;
  if (!items || !items.every((item): item is string => typeof item === 'string')) {
    throw new Error(`Context "${key}" must be a comma-separated string or a list of strings`);
  }
  const list = items.map((item) => item.trim()).filter(Boolean);
  return list.length > 0 ? list : undefined;
}
