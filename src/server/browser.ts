import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import { REST_BASE } from '../rest/routes/index.js';

/**
 * What a browser gets: CORS for the allowed origins on /graphql and the REST API, and two pages served
 * from the packages installed with the server (no CDN, no build step): Swagger UI on the served OpenAPI
 * document at /api/docs, and GraphiQL at /graphql for a browser's GET.
 */

/** A Connect-style handler (the `cors` package's), run in front of a request. */
export type CorsHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * CORS for the allowed origins, preflight answered (204); undefined when no origin is allowed. Tokens
 * travel in `Authorization`, never in cookies: no credentials mode.
 */
export function corsFor(origins: readonly string[]): CorsHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: [...origins],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['Retry-After', 'Allow'],
    maxAge: 600,
  }) as CorsHandler;
}

/** The pages run only their own scripts, from this server. */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

const page = (title: string, head: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
${head}</head>
<body style="margin:0">${body}</body>
</html>
`;

const SWAGGER_PAGE = page(
  'POS platform REST API',
  '<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">',
  '<div id="swagger-ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script>',
);

const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: '${REST_BASE}/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

const GRAPHIQL_PAGE = page(
  'POS platform GraphQL',
  '<link rel="stylesheet" href="/graphiql/graphiql.min.css">',
  '<div id="graphiql" style="height:100vh"></div>' +
    ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'init.js']
      .map((file) => `<script src="/graphiql/${file}"></script>`)
      .join(''),
);

// Subscriptions over graphql-ws on the same path; a token goes in the Headers tab as Authorization.
const GRAPHIQL_INIT = `(function () {
  var ws = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: ws });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: 'headers',
    defaultHeaders: '{\\n  "Authorization": "Bearer <accessToken from the login mutation>"\\n}'
  }));
})();
`;

/** A package's file, as installed beside the server. */
const packageFile = (pkg: string, file: string) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), file);

const GRAPHIQL_FILES: Record<string, string> = {
  'graphiql.min.css': packageFile('graphiql', 'graphiql.min.css'),
  'graphiql.min.js': packageFile('graphiql', 'graphiql.min.js'),
  'react.production.min.js': packageFile('react', 'umd/react.production.min.js'),
  'react-dom.production.min.js': packageFile('react-dom', 'umd/react-dom.production.min.js'),
};

function sendPage(res: ServerResponse & { type?: unknown }, type: string, text: string): void {
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Content-Security-Policy', PAGE_POLICY);
  res.end(text);
}

/** Whether a GET of /graphql comes from a browser's address bar rather than a GraphQL client. */
function wantsPage(req: express.Request): boolean {
  return req.query.query === undefined && (req.headers.accept ?? '').includes('text/html');
}

/** Mounts the two pages and their assets on Express (before Apollo, which answers the other GETs). */
export function mountBrowserPages(app: Express): void {
  app.get('/api/docs', (_req, res) => sendPage(res, 'text/html', SWAGGER_PAGE));
  app.get('/api/docs/init.js', (_req, res) => sendPage(res, 'text/javascript', SWAGGER_INIT));
  app.use(
    '/api/docs/assets',
    express.static(packageFile('swagger-ui-dist', ''), { index: false, fallthrough: false }),
  );
  app.get('/graphql', (req, res, next) =>
    wantsPage(req) ? sendPage(res, 'text/html', GRAPHIQL_PAGE) : next(),
  );
  app.get('/graphiql/init.js', (_req, res) => sendPage(res, 'text/javascript', GRAPHIQL_INIT));
  app.get('/graphiql/:file', (req, res, next) => {
    const file = GRAPHIQL_FILES[req.params.file];
    if (!file) return next();
    res.sendFile(file);
  });
}
