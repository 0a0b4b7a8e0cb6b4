// The HTTP API: one route per `http` trigger in the topology. Routes marked `authorized` go through
// the JWT authorizer (the claims, incl. `cognito:groups`, reach the handler in the event); the others
// (e.g. /health) are public.

import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Trigger } from '#infra/topology.ts';
import { pascal } from './names.ts';

export type HttpTrigger = Extract<Trigger, { kind: 'http' }>;

export interface CasesApi {
  api: HttpApi;
  authorizer: HttpJwtAuthorizer;
  addRoute(functionName: string, fn: IFunction, trigger: HttpTrigger): void;
}

export interface CasesApiProps {
  jwt: { issuer: string; audience: string[] };
  /** Browser origins allowed to call the API; none → no CORS preflight (server-to-server and tools only). */
  corsOrigins?: string[];
}

export function casesApi(scope: Construct, props: CasesApiProps): CasesApi {
  const { jwt, corsOrigins } = props;
  const api = new HttpApi(scope, 'Api', {
    description: 'Ankang IP protection cases',
    ...(corsOrigins?.length
      ? {
          corsPreflight: {
            allowOrigins: corsOrigins,
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
            allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
          },
        }
      : {}),
  });
  const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', jwt.issuer, {
    jwtAudience: jwt.audience,
    identitySource: ['$request.header.Authorization'],
  });
  const integrations = new Map<string, HttpLambdaIntegration>();

  return {
    api,
    authorizer,
    addRoute(functionName, fn, trigger) {
      // One integration per function, however many routes it serves.
      let integration = integrations.get(functionName);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(functionName)}Integration`, fn);
        integrations.set(functionName, integration);
      }
      api.addRoutes({
        path: trigger.path,
        methods: [HttpMethod[trigger.method]],
        integration,
        ...(trigger.authorized ? { authorizer } : {}),
      });
    },
  };
}
