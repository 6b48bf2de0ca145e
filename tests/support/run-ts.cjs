// Runs a TypeScript entry in a child process the way the tests load sources (swc, legacy decorators,
// `.js` imports resolved to `.ts`), without a build: `node tests/support/run-ts.cjs src/server/main.ts`.
require('./js-to-ts.cjs');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(resolve(process.argv[2]));
