// Failures of the local runtime's own setup that the CLI turns into a one-line message and exit code 1.

export type LocalRuntimeErrorCode = 'JAVA_MISSING' | 'PORT_IN_USE' | 'DYNAMODB_START' | 'SQS_START' | 'INVALID_OPTION';

export class LocalRuntimeError extends Error {
  constructor(
    readonly code: LocalRuntimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocalRuntimeError';
  }
}
