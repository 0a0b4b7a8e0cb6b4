// API Gateway throttling of the HTTP API, read from `limits` in infra/topology.ts (the numbers the
// local edge uses too): the default stage caps the whole API, listed routes get tighter caps, and a
// route limit can only name a route the API has. HTTP APIs cannot throttle per caller; that limit
// is the local edge's alone (see infra/cdk/api.ts).

import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { casesApi } from '#infra/cdk/api.ts';
import { functions, limits } from '#infra/topology.ts';
import { resourcesOfType, synthesize, type CfnResource, type Synthesized } from './synth.ts';

let synth: Synthesized;
let stage: [string, CfnResource];

beforeAll(() => {
  // The schema validation already runs in stack.test.ts on the same stack.
  synth = synthesize({}, { validate: false });
  const stages = resourcesOfType(synth, 'AWS::ApiGatewayV2::Stage');
  expect(stages).toHaveLength(1);
  stage = stages[0]!;
}, 120_000);

const routeKeys = functions.flatMap((fn) => fn.triggers.flatMap((t) => (t.kind === 'http' ? [`${t.method} ${t.path}`] : [])));

describe('HTTP API throttling', () => {
  it('caps the whole API on the default stage with limits.stage', () => {
    const [, { Properties }] = stage;
    expect(Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
    expect(Properties?.['DefaultRouteSettings']).toEqual({
      ThrottlingRateLimit: limits.stage.ratePerSecond,
      ThrottlingBurstLimit: limits.stage.burst,
    });
  });

  it('gives each route in limits.routes its own, tighter cap (POST /complaints among them)', () => {
    const [, { Properties }] = stage;
    expect(Object.keys(limits.routes)).toContain('POST /complaints');
    expect(Properties?.['RouteSettings']).toEqual(
      Object.fromEntries(
        Object.entries(limits.routes).map(([key, limit]) => [
          key,
          { ThrottlingRateLimit: limit.ratePerSecond, ThrottlingBurstLimit: limit.burst },
        ]),
      ),
    );
    for (const [key, limit] of Object.entries(limits.routes)) {
      expect(routeKeys, key).toContain(key);
      expect(limit.ratePerSecond, key).toBeLessThan(limits.stage.ratePerSecond);
      expect(limit.burst, key).toBeLessThan(limits.stage.burst);
      expect(limit.burst, key).toBeGreaterThanOrEqual(limit.ratePerSecond);
    }
  });

  it('creates the throttled routes before the stage that names them', () => {
    const [, stageResource] = stage;
    const dependsOn = [(stageResource as CfnResource & { DependsOn?: string | string[] }).DependsOn ?? []].flat();
    const routes = resourcesOfType(synth, 'AWS::ApiGatewayV2::Route');
    for (const key of Object.keys(limits.routes)) {
      const route = routes.find(([, r]) => r.Properties?.['RouteKey'] === key);
      expect(route, key).toBeDefined();
      expect(dependsOn).toContain(route![0]);
    }
  });

  it('leaves room for several callers at their full per-caller rate', () => {
    // The local edge's per-caller bucket; the stage cap is shared by everyone.
    expect(limits.perCaller.ratePerSecond * 5).toBeLessThanOrEqual(limits.stage.ratePerSecond);
    expect(limits.perCaller.burst * 5).toBeLessThanOrEqual(limits.stage.burst);
    for (const limit of [limits.perCaller, limits.stage, ...Object.values(limits.routes)]) {
      expect(limit.ratePerSecond).toBeGreaterThan(0);
      expect(Number.isInteger(limit.burst) && limit.burst >= 1).toBe(true);
    }
  });

  it('refuses to synthesize a route limit for a route the API does not have', () => {
    const stack = new Stack(new App(), 'ThrottleOnly');
    casesApi(stack, {
      jwt: { issuer: 'https://issuer.example', audience: ['client'] },
      accessLogs: { retention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY },
    }); // no routes added
    expect(() => Template.fromStack(stack)).toThrow(/limits\.routes names "POST \/complaints", which is not a route of the API/);
  });
});
