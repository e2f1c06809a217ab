import { describe, expect, it } from 'vitest';
import {
  classifyNotice,
  kindForHttpStatus,
  readNotice,
} from '../../../src/market-data/alphavantage/classify.js';
import { AlphaVantageError } from '../../../src/market-data/alphavantage/errors.js';
import { redactApiKey } from '../../../src/market-data/alphavantage/redact.js';
import { AV_WIRE_TEXTS } from '../../fakes/fake-alphavantage.js';

describe('classifyNotice', () => {
  it.each([
    // Slow down and ask again: the per-minute and burst notices, even though they quote per-day figures.
    ['Note', AV_WIRE_TEXTS.minuteLimitNote, 'rate_limit'],
    ['Information', AV_WIRE_TEXTS.burstInformation, 'rate_limit'],
    ['Information', 'Burst pattern detected. Please wait a moment.', 'rate_limit'],
    [
      'Note',
      'Thank you for using Alpha Vantage! Please contact premium@alphavantage.co if you are targeting a higher API call volume.',
      'rate_limit',
    ],
    ['Information', 'Our standard API rate limit is 75 requests. Please slow down.', 'rate_limit'],
    // The day's allowance is spent.
    ['Information', AV_WIRE_TEXTS.dailyLimitInformation('ABCDEF'), 'daily_limit'],
    ['Information', AV_WIRE_TEXTS.dailyLimitPlain, 'daily_limit'],
    ['Note', 'You have reached the daily limit of this key.', 'daily_limit'],
    ['Information', 'This key allows 500 calls per day.', 'daily_limit'],
    ['Error Message', AV_WIRE_TEXTS.invalidKey, 'invalid_key'],
    ['Information', AV_WIRE_TEXTS.invalidKey, 'invalid_key'],
    ['Error Message', 'Invalid API key', 'invalid_key'],
    // Mentions TIME_SERIES_DAILY, which is no daily limit.
    ['Information', AV_WIRE_TEXTS.premiumFullOutput, 'premium'],
    [
      'Information',
      'Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints',
      'premium',
    ],
    ['Error Message', AV_WIRE_TEXTS.invalidCall, 'unknown_symbol'],
    ['Information', 'Something new that Alpha Vantage has never said before.', 'bad_payload'],
    ['Note', 'A note we do not recognise.', 'bad_payload'],
  ] as const)('classifies %s "%s" as %s', (field, text, kind) => {
    expect(classifyNotice(field, text)).toBe(kind);
  });
});

describe('readNotice', () => {
  it('finds the notice field of a 200 body', () => {
    expect(readNotice({ 'Error Message': AV_WIRE_TEXTS.invalidCall })).toEqual({
      field: 'Error Message',
      text: AV_WIRE_TEXTS.invalidCall,
      kind: 'unknown_symbol',
    });
  });

  it.each([[{ 'Meta Data': {} }], [null], [[]], ['Note'], [{ Note: 42 }]])('ignores %j', (body) => {
    expect(readNotice(body)).toBeUndefined();
  });
});

describe('kindForHttpStatus', () => {
  it.each([
    [200, undefined],
    [204, undefined],
    [429, 'rate_limit'],
    [500, 'server'],
    [503, 'server'],
    [404, 'bad_payload'],
    [302, 'bad_payload'],
  ])('maps %i to %s', (status, kind) => {
    expect(kindForHttpStatus(status)).toBe(kind);
  });
});

describe('AlphaVantageError', () => {
  it('is retryable only for server and network failures', () => {
    const retryable = (
      [
        'rate_limit',
        'daily_limit',
        'invalid_key',
        'unknown_symbol',
        'premium',
        'bad_payload',
        'server',
        'network',
      ] as const
    ).filter((kind) => new AlphaVantageError(kind, 'x').retryable);
    expect(retryable).toEqual(['server', 'network']);
  });

  it('keeps the HTTP status when there is one', () => {
    const error = new AlphaVantageError('server', 'boom', { status: 502 });
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(502);
    expect(new AlphaVantageError('network', 'down').status).toBeUndefined();
  });
});

describe('redactApiKey', () => {
  it('masks the apikey query parameter whatever its value', () => {
    expect(redactApiKey('GET /query?symbol=A&apikey=OTHER&datatype=json', 'KEY1')).toBe(
      'GET /query?symbol=A&apikey=***&datatype=json',
    );
  });

  it('masks bare and URL-encoded occurrences of the key', () => {
    expect(redactApiKey('detected your API key as K/1+2 (K%2F1%2B2)', 'K/1+2')).toBe(
      'detected your API key as *** (***)',
    );
  });

  it('leaves text alone when the key is empty', () => {
    expect(redactApiKey('nothing to hide', '')).toBe('nothing to hide');
  });
});
