// HTTP routes from the topology's `http` triggers, matched the way API Gateway HTTP APIs match:
// `/cases/{caseId}` captures one path segment, `{proxy+}` the rest; a literal segment beats a
// parameter; method and path must both match (otherwise there is no route: 404).

import type { FunctionSpec, HttpTrigger, Topology } from './topology.ts';
import { triggersOf } from './topology.ts';

export interface Route {
  fn: FunctionSpec;
  trigger: HttpTrigger;
  /** `GET /cases/{caseId}`, as API Gateway's routeKey. */
  routeKey: string;
  segments: Segment[];
}

type Segment = { literal: string } | { param: string; greedy: boolean };

export interface RouteMatch {
  route: Route;
  /** Decoded path parameters. */
  pathParameters: Record<string, string>;
}

export function compileRoutes(topology: Pick<Topology, 'functions'>): Route[] {
  const routes: Route[] = [];
  const seen = new Map<string, string>();
  for (const { fn, trigger } of triggersOf(topology as Topology, 'http')) {
    const routeKey = `${trigger.method} ${trigger.path}`;
    const other = seen.get(routeKey);
    if (other) throw new Error(`route ${routeKey} is declared by both ${other} and ${fn.name} (infra/topology.ts)`);
    seen.set(routeKey, fn.name);
    routes.push({ fn, trigger, routeKey, segments: parseTemplate(trigger.path) });
  }
  return routes;
}

function parseTemplate(path: string): Segment[] {
  return splitPath(path).map((part) => {
    const param = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
    return param ? { param: param[1] ?? '', greedy: param[2] === '+' } : { literal: part };
  });
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

/** The best route for method and raw path (still percent-encoded), or undefined. */
export function matchRoute(routes: Route[], method: string, rawPath: string): RouteMatch | undefined {
  const parts = splitPath(rawPath);
  let best: { match: RouteMatch; score: number[] } | undefined;
  for (const route of routes) {
    if (route.trigger.method !== method) continue;
    const params = matchSegments(route.segments, parts);
    if (!params) continue;
    // More literal segments first, then non-greedy over greedy.
    const score = route.segments.map((segment) => ('literal' in segment ? 2 : segment.greedy ? 0 : 1));
    if (!best || compareScores(score, best.score) > 0) best = { match: { route, pathParameters: params }, score };
  }
  return best?.match;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if ('literal' in segment) {
      if (parts[i] !== segment.literal) return undefined;
      continue;
    }
    if (segment.greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      params[segment.param] = decode(rest.join('/'));
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    params[segment.param] = decode(part);
  }
  return parts.length === segments.length ? params : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
