/**
 * A model-day's error is public (`/simulate/status`, its event stream): a provider's base URL keeps
 * only its scheme, host and path there, whatever credentials it carries, and what the provider
 * itself answered goes to the log, not to the error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

const SECRETS = ['user:', 'secret', 'leak', 'hunter2'];

describe('provider errors', () => {
  let server: TestServer;
  let jobId: string;
  let ended: Json;

  beforeAll(async () => {
    server = await startTestServer({
      models: [
        // Credentials in the URL (fetch refuses them: a connection error that quotes the URL).
        { signature: 'creds', baseUrl: (url) => url.replace('http://', 'http://user:secret@') },
        // A query carrying a key (the SDK puts its path after it: the fake answers 404).
        { signature: 'query', baseUrl: (url) => `${url}?api-key=leak` },
        // A provider that answers 500 with its internals in the body.
        { signature: 'loud' },
      ],
    });
    server.llm.script('fake-loud', { status: 500, body: { error: { message: 'db password hunter2' } } });
    jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    ended = await server.waitFor(jobId);
  });
  afterAll(() => server?.close());

  it('name the provider by scheme, host and path only, in the status', () => {
    const host = new URL(server.llm.baseURL).host;
    const errors = (ended['details'] as Json[]).map((d) => String(d['error']));
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error).toMatch(/^Execution failed: /);
      expect(error).toContain(`http://${host}/v1`);
      for (const secret of SECRETS) expect(error).not.toContain(secret);
    }
    const loud = (ended['details'] as Json[]).find((d) => d['model'] === 'loud');
    expect(loud?.['error']).toMatch(
      /HTTP 500 Internal Server Error \(the provider's answer is in the server log\)/,
    );
  });

  it('say nothing more in the event stream', async () => {
    const stream = await (await fetch(`${server.url}/simulate/status/${jobId}/events`)).text();
    expect(stream).toContain('event: end');
    for (const secret of SECRETS) expect(stream).not.toContain(secret);
  });

  it("keep the provider's own answer in the log, for the operator", () => {
    const failed = server.logs.filter((line) => line['msg'] === 'model-day failed');
    expect(failed.map((line) => line['model']).sort()).toEqual(['creds', 'loud', 'query']);
    const loud = failed.find((line) => line['model'] === 'loud');
    expect(loud?.['upstream']).toContain('db password hunter2');
    expect(server.logText()).not.toContain('user:secret');
  });
});
