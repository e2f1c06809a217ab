import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlsIn } from '../../src/core/redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['https://user:secret@proxy.example/v1?api-key=k', 'https://proxy.example/v1'],
    ['https://proxy.example:8443/api/v1#frag', 'https://proxy.example:8443/api/v1'],
    ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434/v1'],
    ['https://openrouter.ai', 'https://openrouter.ai/'],
    ['https://:token@host', 'https://host/'],
  ])('keeps scheme, host and path of %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it('drops credentials and the query even from what does not parse as a URL', () => {
    expect(redactUrl('https://user:pw@bad host/v1?k=1')).toBe('https://bad host/v1');
  });
});

describe('redactUrlsIn', () => {
  it('redacts each URL of a message and leaves the rest of it alone', () => {
    expect(
      redactUrlsIn(
        'model m at https://u:secret@proxy/v1?api-key=abc, key from OPENAI_API_KEY: fetch http://x.example/a?b=c failed',
      ),
    ).toBe('model m at https://proxy/v1, key from OPENAI_API_KEY: fetch http://x.example/a failed');
  });
});
