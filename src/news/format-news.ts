/** Turns a news search result into the compact text the agent reads as the tool's answer. */
import type { NewsSearchResult } from './news-source.js';

export function formatNewsForAgent(result: NewsSearchResult, asOf: string): string {
  const lines: string[] = [];
  if (result.items.length === 0) {
    lines.push(`No news found before ${asOf}.`);
  } else {
    const count = result.items.length;
    lines.push(`${count} news ${count === 1 ? 'item' : 'items'} published before ${asOf}:`);
    result.items.forEach((item, index) => {
      lines.push(
        '',
        `${index + 1}. [${item.publishedDate ?? 'undated'}] ${oneLine(item.title)}`,
        `   ${item.url}`,
      );
      const snippet = oneLine(item.snippet);
      if (snippet !== '') lines.push(`   ${snippet}`);
    });
  }
  if (result.withheld > 0) {
    const these = result.withheld === 1 ? '1 result was' : `${result.withheld} results were`;
    // Telling the agent why results are missing keeps it from concluding that nothing happened.
    lines.push(
      '',
      `${these} withheld because ${result.withheld === 1 ? 'it was' : 'they were'} dated on or after ${asOf} or undated.`,
    );
  }
  return lines.join('\n');
}

/** Titles and snippets come from the web; a stray newline must not break the list layout. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
