// The baseline many teams would pick instead of one small function per route: an Express 5 app
// behind @codegenie/serverless-express, doing what POST /complaints does — the same zod schema from
// domain/, the same DynamoDB counter update, transaction and SQS send through the same SDK
// (bench/case-items.ts). Bundled like the functions (bench/cold-start.ts) and timed the same way.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { configure, getCurrentInvoke } from '@codegenie/serverless-express';
import express from 'express';
import { cstDate } from '#domain/calendar.ts';
import { complaintSchema } from '#domain/complaint.schema.ts';
import { fileDirectly } from './case-items.ts';

const app = express();
app.use(express.json({ limit: '256kb' }));

let clients: { db: DynamoDBDocumentClient; sqs: SQSClient } | undefined;
const aws = () =>
  (clients ??= {
    db: DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: false }),
  });

app.post('/complaints', async (req, res) => {
  const claims = getCurrentInvoke().event?.requestContext?.authorizer?.jwt?.claims ?? {};
  if (!String(claims['cognito:groups'] ?? '').includes('rights_holder')) {
    res.status(403).json({ error: { code: 'FORBIDDEN' } });
    return;
  }
  const at = new Date();
  const parsed = complaintSchema(cstDate(at)).safeParse(req.body);
  if (!parsed.success) {
    res.status(400).json({
      error: { code: 'VALIDATION_FAILED', details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
    return;
  }
  const { db, sqs } = aws();
  const filed = await fileDirectly(
    { db, sqs, tableName: process.env.TABLE_NAME ?? '', intakeQueueUrl: process.env.INTAKE_QUEUE_URL ?? '' },
    String(claims['sub']),
    parsed.data,
    at,
  );
  res.status(202).json({ caseId: filed.caseId, caseNumber: filed.caseNumber, status: 'submitted' });
});

export const handler = configure({ app });
