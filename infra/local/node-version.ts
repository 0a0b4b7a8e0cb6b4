// The Node.js lines this repository runs on, and one calm line instead of the AWS SDK's alarm.
//
// Lambda runs nodejs24.x (infra/cdk/functions.ts) and CI tests on 24; the local runtime, the tools
// and the bench also run on Node 20 and 22 (package.json `engines`). On Node 20 the AWS SDK prints a
// ten-line NodeVersionSupportWarning when the first client is created: its releases after the first
// week of January 2027 will need Node 22. That is advice about a later upgrade, not a fault, and a
// newcomer reading it at every `npm start` takes it for one. So the commands people run turn off
// that one warning the way the SDK documents (the variable below, which the SDK reads when a client
// is created — aws/aws-sdk-js-v3#7983) and say the same in one line of their own. No warning
// listener is touched: every other warning still shows.

/** The Node.js major version Lambda runs the functions on, and the one CI tests on. */
export const LAMBDA_NODE_MAJOR = 24;

/** The oldest Node.js the AWS SDK's releases after early January 2027 accept. */
export const SDK_NODE_FLOOR = 22;

/** The SDK's own switch for its NodeVersionSupportWarning (`true` turns it off). */
export const SDK_NODE_WARNING_ENV = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function nodeMajor(version: string = process.version): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
}

/**
 * On a Node older than the SDK's floor: turns the SDK's warning off in `env` (and so in child
 * processes that inherit it) and returns the line to print instead. Null on Node 22 and newer, where
 * the SDK says nothing, and when the variable is already set — then the person running it chose.
 * Call it before the first SDK client is created.
 */
export function quietSdkNodeWarning(env: NodeJS.ProcessEnv = process.env, version: string = process.version): string | null {
  if (nodeMajor(version) >= SDK_NODE_FLOOR || env[SDK_NODE_WARNING_ENV] !== undefined) return null;
  env[SDK_NODE_WARNING_ENV] = 'true';
  return (
    `Node ${version}: fine for running locally. Lambda runs Node ${LAMBDA_NODE_MAJOR}, and AWS SDK releases after ` +
    `January 2027 need Node ${SDK_NODE_FLOOR}+ (README, "Node.js versions", shows how to get ${LAMBDA_NODE_MAJOR}).`
  );
}
