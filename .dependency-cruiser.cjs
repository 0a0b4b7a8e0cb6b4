// The layer rule: arrows point tools → infra → functions → domain, never back.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-domain-to-outer-layers',
      comment: 'domain/ is pure: it imports nothing of functions/ or infra/, and no AWS SDK, middy or Lambda types',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(functions|infra)/|node_modules/(@aws-sdk|@middy|aws-lambda|aws-cdk-lib|@types/aws-lambda)' },
    },
    {
      name: 'no-functions-to-infra',
      comment: 'functions/ do not know how they are deployed or run locally',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^infra/' },
    },
    {
      name: 'web-uses-domain-only',
      comment: 'the browser pages share the domain rules (schemas, messages, the action table) and nothing of functions/ or infra/',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'no-inner-layers-to-web',
      comment: 'domain/ and functions/ know nothing of the pages (infra/ may: it builds and serves them)',
      severity: 'error',
      from: { path: '^(domain|functions)/' },
      to: { path: '^web/' },
    },
    {
      name: 'nothing-runs-on-tools',
      comment:
        'tools/ are commands people run (seed, token, users, invoke): they may use infra/, functions/ and domain/, but the system itself never needs them',
      severity: 'error',
      from: { path: '^(domain|functions|infra|web)/' },
      to: { path: '^tools/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
