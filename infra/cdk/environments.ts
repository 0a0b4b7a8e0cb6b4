// What differs between a deployment for trying things out (`dev`) and one a city runs on (`prod`),
// chosen by context `-c env=<name>`. Any name other than `dev` gets the production profile: a
// `staging` or a second city's deployment is a real one, and the safe side is the default.
//
// What does NOT differ, on purpose: the table and the user pool are retained with deletion
// protection in every environment (a `cdk destroy` run against the wrong stack must not take case
// records or accounts with it; deleting them is a separate, deliberate step — README "Deploy to AWS"),
// MFA is required everywhere (it can only be chosen when a pool is created), and tracing, alarms,
// encryption and throttling are the same, so what is tried in dev is what runs in prod.

import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export interface EnvironmentProfile {
  kind: 'dev' | 'prod';
  /** How long function and API access logs are kept. */
  logRetention: RetentionDays;
  /** Whether log groups go with the stack (dev) or outlive it (prod: records of who did what). */
  logRemovalPolicy: RemovalPolicy;
  /** The functions' application log level (their Lambda logging configuration; functions/lib/config.ts). */
  logLevel: 'debug' | 'info';
  /** Production refuses to synthesize without somebody to tell when an alarm fires. */
  alarmEmailRequired: boolean;
  /**
   * Cognito feature plan. Plus adds threat protection (compromised-credential and adaptive
   * sign-in checks) at about USD 0.02 per monthly active user; dev has no real accounts to protect.
   */
  cognitoPlan: 'essentials' | 'plus';
}

const dev: EnvironmentProfile = {
  kind: 'dev',
  logRetention: RetentionDays.ONE_WEEK,
  logRemovalPolicy: RemovalPolicy.DESTROY,
  logLevel: 'debug',
  alarmEmailRequired: false,
  cognitoPlan: 'essentials',
};

const prod: EnvironmentProfile = {
  kind: 'prod',
  logRetention: RetentionDays.ONE_YEAR,
  logRemovalPolicy: RemovalPolicy.RETAIN,
  logLevel: 'info',
  alarmEmailRequired: true,
  cognitoPlan: 'plus',
};

export function environmentProfile(envName: string): EnvironmentProfile {
  return envName === 'dev' ? dev : prod;
}
