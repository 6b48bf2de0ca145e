// Sources import each other as `./x.js` (NodeNext style); without a build those files are `./x.ts`.
// Node's own resolver (global setup, servers run as child processes) then needs this fallback.
const Module = require('node:module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (err) {
    if (request.startsWith('.') && request.endsWith('.js'))
      return resolveFilename.call(this, request.slice(0, -3) + '.ts', ...rest);
    throw err;
  }
};
