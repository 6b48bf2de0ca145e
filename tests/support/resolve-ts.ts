import Module from 'node:module';

// Global setup runs under Node's own resolver, which lacks the test config's `.js` -> `.ts` mapping
// for the sources' NodeNext-style imports: add it for this process.
const moduleWithResolver = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
};
const resolveFilename = moduleWithResolver._resolveFilename;
moduleWithResolver._resolveFilename = function (request: string, ...rest: unknown[]) {
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (err) {
    if (request.startsWith('.') && request.endsWith('.js'))
      return resolveFilename.call(this, request.slice(0, -3) + '.ts', ...rest);
    throw err;
  }
};
