// The shape of the topology the local runtime iterates: the real `#infra/topology.ts` module fits it,
// and tests can pass a small fixture with their own handlers, queues and routes.

import * as realTopology from '#infra/topology.ts';
import type { FunctionSpec, IndexSpec, QueueId, QueueSpec, Trigger } from '#infra/topology.ts';

export type { FunctionSpec, IndexSpec, QueueId, QueueSpec, Trigger };
export type HttpTrigger = Extract<Trigger, { kind: 'http' }>;
export type QueueTrigger = Extract<Trigger, { kind: 'queue' }>;
export type ScheduleTrigger = Extract<Trigger, { kind: 'schedule' }>;
export type StreamTrigger = Extract<Trigger, { kind: 'stream' }>;

export interface TableSpec {
  partitionKey: string;
  sortKey: string;
  timeToLiveAttribute: string;
  /** The table's stream, when functions read it (stream triggers). */
  stream?: 'NEW_IMAGE';
  indexes: readonly IndexSpec[];
}

export interface Topology {
  table: TableSpec;
  queues: readonly QueueSpec[];
  functions: readonly FunctionSpec[];
  visibilityTimeoutSeconds(queue: QueueId): number;
}

export const defaultTopology: Topology = realTopology;

/** Every trigger of a kind, with the function it belongs to. */
export function triggersOf<K extends Trigger['kind']>(
  topology: Topology,
  kind: K,
): { fn: FunctionSpec; trigger: Extract<Trigger, { kind: K }> }[] {
  return topology.functions.flatMap((fn) =>
    fn.triggers.filter((trigger): trigger is Extract<Trigger, { kind: K }> => trigger.kind === kind).map((trigger) => ({ fn, trigger })),
  );
}
