/**
 * Where cassettes go: one folder per signature under LLM_CASSETTE_DIR, never outside it, never two
 * signatures in one folder.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CassetteLibrary, signatureFolder } from '../../src/llm/cassette-library.js';
import type { LlmProvider } from '../../src/llm/provider.js';

const DATE = '2025-10-01';

/** A provider answering at once with a fixed text, so a recording has something in it. */
const provider: LlmProvider = {
  modelId: 'm',
  complete: () =>
    Promise.resolve({
      content: 'ok',
      toolCalls: [],
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      finishReason: 'stop',
      model: 'm',
      latencyMs: 0,
      attempts: 1,
    }),
};

describe('cassette paths', () => {
  let parent: string;
  let dir: string;
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'cassette-paths-'));
    dir = join(parent, 'cassettes');
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('records the day of signature ".." inside the directory, not beside it', async () => {
    const library = new CassetteLibrary(dir, 'record');
    const session = await library.open('..', DATE, provider);
    await session.provider.complete({ messages: [{ role: 'user', content: 'hi' }] });
    await session.finish();
    expect(await readdir(parent)).toEqual(['cassettes']);
    expect(await readdir(dir)).toEqual(['%2E.']);
    expect(await readdir(join(dir, '%2E.'))).toEqual([`${DATE}.json`]);
  });

  it('gives a:b and a_b folders of their own', () => {
    const library = new CassetteLibrary(dir, 'record');
    expect(library.pathFor('a:b', DATE)).not.toBe(library.pathFor('a_b', DATE));
  });

  it('keeps the names of ordinary signatures as they were', () => {
    for (const signature of ['gpt-4o', 'claude-3.5-sonnet', 'deepseek_v3', 'Qwen3-235B']) {
      expect(signatureFolder(signature)).toBe(signature);
    }
  });

  it('maps every signature to a folder of its own, directly inside the directory', () => {
    const library = new CassetteLibrary(dir, 'record');
    const root = resolve(dir);
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
        (a, b) => {
          const [pathA, pathB] = [library.pathFor(a, DATE), library.pathFor(b, DATE)];
          expect(dirname(dirname(pathA))).toBe(root);
          expect(pathA.startsWith(root + sep)).toBe(true);
          expect(signatureFolder(a).length).toBeLessThanOrEqual(200);
          if (a !== b) expect(pathA).not.toBe(pathB);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
    for (const tricky of ['.', '..', '...', '../x', '/', 'a/../../b', '%2E.', '%', 'a\u0000b', '~']) {
      expect(dirname(dirname(library.pathFor(tricky, DATE)))).toBe(root);
    }
    expect(library.pathFor('%2E.', DATE)).not.toBe(library.pathFor('..', DATE));
    expect(library.pathFor('\ud800', DATE)).not.toBe(library.pathFor('\ufffd', DATE));
  });

  it('refuses a date that is not one, and an empty signature', () => {
    const library = new CassetteLibrary(dir, 'record');
    expect(() => library.pathFor('m', '../../etc/passwd')).toThrow(/YYYY-MM-DD/);
    expect(() => library.pathFor('', DATE)).toThrow(/signature/);
  });
});
