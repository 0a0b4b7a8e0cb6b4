// The HTTP API: one route per `http` trigger in the topology. Routes marked `authorized` go through
// the JWT authorizer (the claims, incl. `cognito:groups`, reach the handler in the event); the others
// (e.g. /health) are public.
//
// Throttling (SPEC §9 RATE_LIMITED, 429) from `limits` in the topology: the default stage's route
// settings cap the whole API, and a few routes get tighter caps of their own. These are limits on
// all callers together — an HTTP API cannot throttle per caller: it has no usage plans or API keys,
// and AWS WAF (rate-based rules) cannot be attached to an HTTP API. `limits.perCaller` is enforced
// per `sub` by the functions themselves, with a counter in the table (functions/lib/rate-limit.ts).

import { Lazy, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct, IConstruct } from 'constructs';
import { limits, type RateLimit, type Trigger } from '#infra/topology.ts';
import { pascal } from './names.ts';

export type HttpTrigger = Extract<Trigger, { kind: 'http' }>;

export interface CasesApi {
  api: HttpApi;
  /** One JSON line per request (API Gateway access log). */
  accessLogs: LogGroup;
  authorizer: HttpJwtAuthorizer;
  addRoute(functionName: string, fn: IFunction, trigger: HttpTrigger): void;
}

export interface CasesApiProps {
  jwt: { issuer: string; audience: string[] };
  /** Browser origins allowed to call the API; none → no CORS preflight (server-to-server and tools only). */
  corsOrigins?: string[];
  /** Access log retention and fate when the stack goes (from the environment profile). */
  accessLogs: { retention: RetentionDays; removalPolicy: RemovalPolicy };
}

/**
 * The access log line: who (the token's `sub`, never a name), what (route, status), how long, and
 * why it failed when it did (authorizer or integration error). Request ids match the `x-request-id`
 * the functions answer with and log, so one id finds a request in both logs.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.claims.sub',
});

export function casesApi(scope: Construct, props: CasesApiProps): CasesApi {
  const { jwt, corsOrigins, accessLogs } = props;
  const api = new HttpApi(scope, 'Api', {
    description: 'Ankang IP protection cases',
    ...(corsOrigins?.length
      ? {
          corsPreflight: {
            allowOrigins: corsOrigins,
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
            allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept-language'],
          },
        }
      : {}),
  });
  const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', jwt.issuer, {
    jwtAudience: jwt.audience,
    identitySource: ['$request.header.Authorization'],
  });
  const integrations = new Map<string, HttpLambdaIntegration>();
  const routeThrottles = throttling(api);
  const accessLogGroup = new LogGroup(scope, 'ApiAccessLogs', accessLogs);
  const stage = api.defaultStage?.node.defaultChild as CfnStage;
  stage.accessLogSettings = { destinationArn: accessLogGroup.logGroupArn, format: ACCESS_LOG_FORMAT };

  return {
    api,
    accessLogs: accessLogGroup,
    authorizer,
    addRoute(functionName, fn, trigger) {
      // One integration per function, however many routes it serves.
      let integration = integrations.get(functionName);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(functionName)}Integration`, fn);
        integrations.set(functionName, integration);
      }
      const routes = api.addRoutes({
        path: trigger.path,
        methods: [HttpMethod[trigger.method]],
        integration,
        ...(trigger.authorized ? { authorizer } : {}),
      });
      for (const route of routes) {
        routeThrottles.routeAdded(`${trigger.method} ${trigger.path}`, route);
        if (!trigger.authorized) {
          // SPEC §9: liveness and the API description are for anyone, before signing in.
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${trigger.method} ${trigger.path} is public by design (SPEC §9: anyone); it reads no case data. Every other route requires the JWT authorizer.`,
          });
        }
      }
    },
  };
}

/** CloudFormation's RouteSettings entry for one route (a JSON property: its keys as CloudFormation spells them). */
const routeThrottle = (limit: RateLimit) => ({ ThrottlingRateLimit: limit.ratePerSecond, ThrottlingBurstLimit: limit.burst });

/**
 * Sets the default stage's throttling from `limits`; `routeAdded` adds a route's own limit when
 * `limits.routes` has one. A limit for a route the API never gets fails the synth.
 */
function throttling(api: HttpApi): { routeAdded(routeKey: string, route: IConstruct): void } {
  const stage = api.defaultStage?.node.defaultChild as CfnStage | undefined;
  if (!stage) throw new Error('the HTTP API has no default stage to throttle');
  stage.defaultRouteSettings = {
    throttlingRateLimit: limits.stage.ratePerSecond,
    throttlingBurstLimit: limits.stage.burst,
  };
  const settings: Record<string, ReturnType<typeof routeThrottle>> = {};
  stage.routeSettings = Lazy.any({ produce: () => (Object.keys(settings).length > 0 ? settings : undefined) });
  api.node.addValidation({
    validate: () =>
      Object.keys(limits.routes)
        .filter((routeKey) => !(routeKey in settings))
        .map((routeKey) => `infra/topology.ts: limits.routes names "${routeKey}", which is not a route of the API`),
  });
  return {
    routeAdded(routeKey, route) {
      const limit = limits.routes[routeKey];
      if (!limit) return;
      settings[routeKey] = routeThrottle(limit);
      // A stage's RouteSettings may only name routes that exist: create the route first.
      stage.node.addDependency(route);
    },
  };
}
