// A notifier in a process of its own, for tests that kill it mid-batch: invokes the notify function
// once with the SQS event in the file named by its argument, in the environment it was given.

import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { handler } from '../../functions/notify/handler.ts';

const event = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as SQSEvent;
await handler(event);
