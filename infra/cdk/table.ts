// The single DynamoDB table (单表设计) built from `table` in the topology. Stateful: its construct id
// is `table.id` and must never change, and it outlives the stack (retain + deletion protection).
// `Table` (AWS::DynamoDB::Table), not `TableV2` (AWS::DynamoDB::GlobalTable): one region is enough,
// and switching resource type later would mean replacing the table, so the choice is made once here.

import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { table, type IndexSpec } from '#infra/topology.ts';

const projection: Record<IndexSpec['projection'], ProjectionType> = {
  ALL: ProjectionType.ALL,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
  INCLUDE: ProjectionType.INCLUDE,
};

export function casesTable(scope: Construct): Table {
  const cases = new Table(scope, table.id, {
    partitionKey: { name: table.partitionKey, type: AttributeType.STRING },
    sortKey: { name: table.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    // The AWS managed key (aws/dynamodb) rather than the default AWS owned key: every use of the
    // key shows in CloudTrail, with no key of our own to rotate or lose. The functions need no KMS
    // permission for it. (A customer managed key would add a key policy to maintain and USD 1/month.)
    encryption: TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: table.timeToLiveAttribute,
    stream: StreamViewType[table.stream],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of table.indexes as readonly IndexSpec[]) {
    cases.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      projectionType: projection[index.projection],
      ...(index.include ? { nonKeyAttributes: [...index.include] } : {}),
    });
  }
  return cases;
}
