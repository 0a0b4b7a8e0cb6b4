// Reading cdk-nag's AwsSolutions pack in tests: the findings left on a construct tree, and the
// acknowledgements made on it (CDK's validation metadata), each with where it sits.

import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export interface Finding {
  rule: string;
  severity: string;
  path: string;
}

export interface Acknowledgement {
  rule: string;
  reason: string;
  path: string;
  /** On a resource, or a construct that owns resources (a function, a role), not a stack or the app. */
  onResource: boolean;
}

export const findingsOf = (scope: IConstruct): Finding[] =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity ?? 'error', path: r.constructPath ?? '?' })),
    );

export function acknowledgements(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([rule, reason]) => ({
        rule: rule.replace(/^annotation::/i, ''),
        reason,
        path: construct.node.path,
        onResource: !Stack.isStack(construct) && !(construct instanceof App) && construct.node.findAll().some(CfnResource.isCfnResource),
      })),
  );
}
