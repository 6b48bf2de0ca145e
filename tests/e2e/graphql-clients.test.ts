import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Client, fetchExchange } from '@urql/core';
import { startTestServer, type TestServer } from '../support/server';

/**
 * GraphQL clients nobody here wrote, with their defaults: urql (which sends queries as GET) and Apollo
 * Client (POST). Signed-in calls carry `Authorization`, which a browser only sends after a CORS preflight,
 * so Apollo's CSRF prevention takes it as proof enough; an anonymous GET is refused unless it says
 * `apollo-require-preflight`.
 */

let t: TestServer;
let departmentId: string;

beforeAll(async () => {
  t = await startTestServer();
  const created = await t.rest('POST', '/departments', { token: t.adminToken, body: { name: 'Dairy' } });
  departmentId = created.body.data.id;
});
afterAll(() => t.close());

/** fetch, recording each request's method. */
function recordingFetch(methods: string[]): typeof fetch {
  return (input, init) => {
    methods.push(init?.method ?? 'GET');
    return fetch(input, init);
  };
}

describe('urql with its defaults', () => {
  it('queries over GET with the bearer token', async () => {
    const methods: string[] = [];
    const client = new Client({
      url: `${t.url}/graphql`,
      exchanges: [fetchExchange],
      fetch: recordingFetch(methods),
      fetchOptions: { headers: { authorization: `Bearer ${t.adminToken}` } },
    });
    const result = await client.query('{ departments { id name } }', {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ departments: [{ id: departmentId, name: 'Dairy' }] });
    expect(methods).toEqual(['GET']);
  });

  it('mutates over POST', async () => {
    const client = new Client({
      url: `${t.url}/graphql`,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${t.adminToken}` } },
    });
    const result = await client
      .mutation('mutation($name: String!) { createDepartment(name: $name) { name } }', { name: 'Bakery' })
      .toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ createDepartment: { name: 'Bakery' } });
  });

  it('signs in anonymously (a mutation: POST) and queries with the token it got', async () => {
    const anonymous = new Client({ url: `${t.url}/graphql`, exchanges: [fetchExchange] });
    const login = await anonymous
      .mutation('mutation { login(username: "admin", pin: "1234") { accessToken } }', {})
      .toPromise();
    expect(login.error).toBeUndefined();
    const client = new Client({
      url: `${t.url}/graphql`,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${login.data.login.accessToken}` } },
    });
    const result = await client.query('{ departments { name } }', {}).toPromise();
    expect(result.data?.departments.map((d: { name: string }) => d.name)).toContain('Dairy');
  });
});

describe('Apollo Client with its defaults', () => {
  it('queries and mutates over POST with the bearer token', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: `${t.url}/graphql`, headers: { authorization: `Bearer ${t.adminToken}` } }),
      cache: new InMemoryCache(),
    });
    const { data } = await client.query<{ departments: Array<{ id: string; name: string }> }>({
      query: gql`
        {
          departments {
            id
            name
          }
        }
      `,
    });
    expect(data?.departments.find((d) => d.id === departmentId)).toEqual({
      __typename: 'Department',
      id: departmentId,
      name: 'Dairy',
    });
    const created = await client.mutate<{ createDepartment: { name: string } }>({
      mutation: gql`
        mutation ($name: String!) {
          createDepartment(name: $name) {
            id
            name
          }
        }
      `,
      variables: { name: 'Frozen' },
    });
    expect(created.data?.createDepartment.name).toBe('Frozen');
  });
});

describe('an anonymous GET', () => {
  it('is refused by CSRF prevention unless it asks for a preflight', async () => {
    const url = `${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const plain = await fetch(url);
    expect(plain.status).toBe(400);
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect([preflighted.status, await preflighted.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
  });
});
