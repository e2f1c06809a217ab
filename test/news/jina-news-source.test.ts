import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JinaNewsSource } from '../../src/news/jina-news-source.js';
import { NewsError } from '../../src/news/news-source.js';
import { startFakeJina } from '../fakes/fake-jina.js';
import type { FakeJina, FakeJinaArticle } from '../fakes/fake-jina.js';

const KEY = 'jina_test_key_0123456789';
const D = '2025-10-01';

const ARTICLES: FakeJinaArticle[] = [
  {
    title: 'Apple shares rise ahead of iPhone event',
    url: 'https://news.example/apple-rise',
    description: 'Apple stock climbed 2% on Tuesday as investors awaited the launch.',
    date: 'Sep 30, 2025',
  },
  {
    title: 'Apple beats earnings expectations',
    url: 'https://news.example/apple-earnings',
    description: 'Published on the trading day itself: must be withheld.',
    publishedTime: '2025-10-01T13:45:00Z',
  },
  {
    title: 'Apple stock one year later',
    url: 'https://news.example/apple-later',
    description: 'A retrospective from the future.',
    date: 'Oct 5, 2026',
  },
  {
    title: 'Apple supplier roundup',
    url: 'https://news.example/apple-undated',
    description: 'No date anywhere.',
  },
  {
    title: 'Nvidia unveils new chips',
    url: 'https://news.example/nvidia',
    description: 'Nvidia showed its next GPU.',
    publishedTime: 'Mon, 29 Sep 2025 14:00:00 GMT',
  },
];

let fake: FakeJina;

beforeEach(async () => {
  fake = await startFakeJina({ key: KEY });
  fake.setArticles(ARTICLES);
});

afterEach(async () => {
  await fake.close();
});

function source(options: Partial<ConstructorParameters<typeof JinaNewsSource>[0]> = {}): JinaNewsSource {
  return new JinaNewsSource({ apiKey: KEY, baseUrl: fake.baseUrl, ...options });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('JinaNewsSource against a fake Jina', () => {
  it('sends the query with the bearer key and asks for JSON without page content', async () => {
    await source().search('Apple', D);
    expect(fake.requests).toEqual([
      {
        query: `Apple before:${D}`,
        authorization: `Bearer ${KEY}`,
        accept: 'application/json',
        respondWith: 'no-content',
      },
    ]);
  });

  it('can leave the date hint out of the query', async () => {
    await source({ dateHintInQuery: false }).search('  Apple  ', D);
    expect(fake.requests[0]?.query).toBe('Apple');
  });

  it('maps results and withholds those dated on or after D or undated', async () => {
    const result = await source().search('Apple', D);
    expect(result.items).toEqual([
      {
        title: 'Apple shares rise ahead of iPhone event',
        url: 'https://news.example/apple-rise',
        snippet: 'Apple stock climbed 2% on Tuesday as investors awaited the launch.',
        publishedDate: '2025-09-30',
      },
    ]);
    expect(result.withheld).toBe(3);
  });

  it('reads RFC 2822 publishedTime', async () => {
    const result = await source().search('nvidia', D);
    expect(result.items.map((i) => i.publishedDate)).toEqual(['2025-09-29']);
    expect(result.withheld).toBe(0);
  });

  it('withholds everything on a trading day before all the news', async () => {
    const result = await source().search('Apple Nvidia', '2025-09-29');
    expect(result).toEqual({ items: [], withheld: 5 });
  });

  it('returns nothing, and withholds nothing, when nothing matches', async () => {
    expect(await source().search('Tesla', D)).toEqual({ items: [], withheld: 0 });
  });

  it('uses the later of the engine date and the page date', async () => {
    fake.setArticles([
      {
        title: 'Apple updated story',
        url: 'https://news.example/u',
        description: 'x',
        date: 'Sep 20, 2025',
        publishedTime: '2025-10-02T09:00:00Z',
      },
      {
        title: 'Apple relative date',
        url: 'https://news.example/r',
        description: 'x',
        date: '3 days ago',
        publishedTime: '2025-09-20',
      },
      {
        title: 'Apple both old',
        url: 'https://news.example/o',
        description: 'x',
        date: 'Sep 20, 2025',
        publishedTime: '2025-09-21T10:00:00Z',
      },
    ]);
    const result = await source().search('Apple', D);
    expect(result.items.map((i) => [i.url, i.publishedDate])).toEqual([
      ['https://news.example/o', '2025-09-21'],
    ]);
    expect(result.withheld).toBe(2);
  });

  it('caps the items at maxResults after the date rule', async () => {
    fake.setArticles(
      Array.from({ length: 8 }, (_, i) => ({
        title: `Apple story ${i}`,
        url: `https://news.example/${i}`,
        description: 'x',
        date: i < 2 ? 'Oct 3, 2025' : `Sep ${10 + i}, 2025`,
      })),
    );
    const result = await source({ maxResults: 3 }).search('Apple', D);
    expect(result.items.map((i) => i.title)).toEqual(['Apple story 2', 'Apple story 3', 'Apple story 4']);
    expect(result.withheld).toBe(2);
  });

  it('clips long descriptions and flattens whitespace', async () => {
    fake.setArticles([
      {
        title: 'Apple\nlong',
        url: 'https://news.example/l',
        description: `Apple ${'word '.repeat(300)}`,
        date: '2025-09-01',
      },
    ]);
    const [only] = (await source().search('Apple', D)).items;
    expect(only?.title).toBe('Apple long');
    expect(only?.snippet.length).toBeLessThanOrEqual(500);
    expect(only?.snippet.endsWith('…')).toBe(true);
    expect(only?.snippet).not.toMatch(/\s{2}/);
  });

  it('falls back to the page content when there is no description', async () => {
    fake.sendRawNext(
      JSON.stringify({
        code: 200,
        status: 20000,
        data: [
          {
            title: 'Apple',
            url: 'https://news.example/c',
            description: '',
            content: '  Body\n\ntext  ',
            date: '2025-09-01',
          },
          { title: 'No url at all', description: 'skipped', date: '2025-09-01' },
        ],
      }),
    );
    const result = await source().search('Apple', D);
    expect(result.items).toEqual([
      { title: 'Apple', url: 'https://news.example/c', snippet: 'Body text', publishedDate: '2025-09-01' },
    ]);
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [429, 'rate_limit'],
    [500, 'server'],
    [503, 'server'],
    [400, 'bad_response'],
  ] as const)('turns HTTP %i into a %s error', async (status, kind) => {
    fake.failNext(status);
    const error = await caught(source().search('Apple', D));
    expect(error).toBeInstanceOf(NewsError);
    expect(error).toMatchObject({ kind, status });
    expect(String((error as Error).message)).toContain(String(status));
  });

  it('is refused with a wrong key, and never repeats the key', async () => {
    const wrongKey = 'jina_wrong_key_secret';
    const error = await caught(
      new JinaNewsSource({ apiKey: wrongKey, baseUrl: fake.baseUrl }).search('Apple', D),
    );
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(
      JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack }),
    ).not.toContain(wrongKey);
  });

  it('logs what the server answered, key redacted, and tells the agent only what failed', async () => {
    fake.sendRawNext(`not json, your key was ${KEY}`);
    const logged: object[] = [];
    const error = await caught(source({ logger: { warn: (obj) => logged.push(obj) } }).search('Apple', D));
    expect(error).toMatchObject({ kind: 'bad_response' });
    expect((error as Error).message).toBe('Jina search sent a body that is not JSON');
    expect(logged).toEqual([{ status: 200, body: 'not json, your key was ***' }]);
  });

  it('names its base URL by scheme, host and path only when it cannot reach it', async () => {
    const { port } = new URL(fake.baseUrl);
    await fake.close();
    const error = await caught(
      source({ baseUrl: `http://user:secret@127.0.0.1:${port}/search?token=leak` }).search('Apple', D),
    );
    fake = await startFakeJina();
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}/search`);
    expect((error as Error).message).not.toMatch(/secret|leak/);
  });

  it.each([
    ['truncated JSON', '{"code":200,"status":20000,"data":[{"title":"Ap'],
    ['no data list', '{"code":200,"status":20000}'],
    ['data not a list', '{"code":200,"status":20000,"data":"nothing"}'],
  ])('reports %s as bad_response', async (_label, body) => {
    fake.sendRawNext(body);
    expect(await caught(source().search('Apple', D))).toMatchObject({ kind: 'bad_response' });
  });

  it('trusts the code inside an HTTP 200 body', async () => {
    fake.sendRawNext(
      JSON.stringify({ data: null, code: 429, name: 'RateLimitTriggeredError', status: 42903 }),
    );
    expect(await caught(source().search('Apple', D))).toMatchObject({ kind: 'rate_limit', status: 200 });
  });

  it('times out as a network error', async () => {
    fake.hangNext();
    const started = Date.now();
    const error = await caught(source({ timeoutMs: 200 }).search('Apple', D));
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).toContain('timed out');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports an unreachable server as a network error', async () => {
    const { baseUrl } = fake;
    await fake.close();
    fake = await startFakeJina();
    const error = await caught(new JinaNewsSource({ apiKey: KEY, baseUrl }).search('Apple', D));
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).not.toContain(KEY);
  });

  it("lets the caller's cancellation through unchanged", async () => {
    fake.hangNext();
    const controller = new AbortController();
    const reason = new Error('run stopped');
    setTimeout(() => controller.abort(reason), 50);
    expect(await caught(source().search('Apple', D, controller.signal))).toBe(reason);
  });

  it('recovers once the failures stop', async () => {
    fake.failNext(500, 2);
    await caught(source().search('Apple', D));
    await caught(source().search('Apple', D));
    expect((await source().search('Apple', D)).items).toHaveLength(1);
  });

  it('rejects nonsensical options', () => {
    expect(() => new JinaNewsSource({ apiKey: '' })).toThrow(RangeError);
    expect(() => source({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => source({ maxResults: -1 })).toThrow(RangeError);
  });
});
