import { describe, expect, it } from 'vitest';
import { formatNewsForAgent } from '../../src/news/format-news.js';

const D = '2025-10-01';

describe('formatNewsForAgent', () => {
  it('lists items with their dates, links and snippets', () => {
    const text = formatNewsForAgent(
      {
        items: [
          {
            title: 'Apple shares rise',
            url: 'https://news.example/a',
            snippet: 'Apple climbed 2%.',
            publishedDate: '2025-09-30',
          },
          {
            title: 'Nvidia\nunveils chips',
            url: 'https://news.example/n',
            snippet: '',
            publishedDate: '2025-09-29',
          },
        ],
        withheld: 0,
      },
      D,
    );
    expect(text).toBe(
      [
        '2 news items published before 2025-10-01:',
        '',
        '1. [2025-09-30] Apple shares rise',
        '   https://news.example/a',
        '   Apple climbed 2%.',
        '',
        '2. [2025-09-29] Nvidia unveils chips',
        '   https://news.example/n',
      ].join('\n'),
    );
  });

  it('says how many results were withheld and why', () => {
    const text = formatNewsForAgent(
      {
        items: [
          { title: 'Old news', url: 'https://news.example/o', snippet: 's', publishedDate: '2025-09-01' },
        ],
        withheld: 3,
      },
      D,
    );
    expect(text.startsWith('1 news item published before 2025-10-01:')).toBe(true);
    expect(
      text.endsWith('3 results were withheld because they were dated on or after 2025-10-01 or undated.'),
    ).toBe(true);
  });

  it('says when nothing was found', () => {
    expect(formatNewsForAgent({ items: [], withheld: 0 }, D)).toBe('No news found before 2025-10-01.');
  });

  it('says when everything found was withheld', () => {
    expect(formatNewsForAgent({ items: [], withheld: 1 }, D)).toBe(
      'No news found before 2025-10-01.\n\n1 result was withheld because it was dated on or after 2025-10-01 or undated.',
    );
  });
});
