/**
 * fast-check arbitraries for requests a careless or hostile client sends: text with NUL, control
 * characters, unpaired surrogates and other unicode, very long values, numbers that are not quite
 * numbers, percent-encodings that do not decode, repeated and unknown query parameters, JSON of the
 * wrong shape or not JSON at all, and content types the server does not speak. Each builds a
 * `RawRequest`, sent byte for byte (see raw-http.ts).
 */
import fc from 'fast-check';
import type { RawRequest } from './raw-http.js';

/** Strings that have broken parsers before: empty, blank, NUL, surrogates, number look-alikes, injections. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\t',
  '\u0000',
  'a\u0000b',
  '\u0000\u0000\u0000',
  '\u0007\u001b[31m',
  '\r\n',
  '\ud800',
  'a\udfffb',
  '\ud83d\ude00',
  '\u202e',
  '\ufeff',
  '\uffff',
  'null',
  'undefined',
  'true',
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '-0',
  '0',
  '1e309',
  '-1e309',
  '1e-400',
  '0x10',
  '0b11',
  '1_000',
  '9007199254740993',
  '99999999999999999999999999999999',
  '1.5',
  ' 7 ',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '[object Object]',
  "' OR '1'='1",
  '"; drop table jobs; --',
  '\\',
  '%',
  '%00',
  '..',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '2025-10-01',
  '2025-10-02',
  '2025-02-30',
  '2025-13-01',
  '0000-00-00',
  '9999-12-31',
  '1970-01-01',
  '2025-10-01T00:00:00Z',
  ' 2025-10-01',
  '2025-10-01\u0000',
  '2025-10-1',
  '+2025-10-01',
  '２０２５-１０-０１',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });

/** One character from anywhere: NUL, control characters and unpaired surrogates much more often than by chance. */
const hostileCharacter = fc.oneof(
  fc.constant('\u0000'),
  anyCodePoint,
  controlCharacter,
  loneSurrogate,
  fc.constantFrom('%', '&', '=', '+', '#', '?', '/', ';', '"', '\\'),
);

/** Text for any string field: short and strange, long, or one of the known troublemakers. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: hostileCharacter, maxLength: 24 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('x', '\u0000', 'é', '🙂', '%'), fc.integer({ min: 100, max: 5000 }))
      .map(([unit, times]) => unit.repeat(times)),
    weight: 1,
  },
);

/** A valid value spoilt by one hostile character: the input most likely to get past validation. */
const spoilt = (valid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(valid, hostileCharacter, fc.nat()).map(([text, char, at]) => {
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + char + text.slice(cut);
  });

/** Plausible values of a field, spoilt ones and hostile ones: most bugs hide just next to valid input. */
export const valueFor = (...plausible: string[]): fc.Arbitrary<string> => {
  if (plausible.length === 0) return hostileText;
  const valid = fc.constantFrom(...plausible);
  return fc.oneof(valid, spoilt(valid), hostileText);
};

/** One byte, held as a latin1 character, as %XX. */
const escapeByte = (byte: string): string =>
  `%${byte.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** UTF-8, every byte outside the unreserved set as %XX (unpaired surrogates become U+FFFD first). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : escapeByte(char);
  }
  return out;
}

/**
 * How a value is put into a URL: properly percent-encoded; encoded only where the request line
 * needs it, so `&`, `=`, `#`, `%` and `+` keep their URL meaning; or as raw UTF-8 bytes, which the
 * server's HTTP parser may refuse.
 */
const encodingMode = fc.oneof(
  { arbitrary: fc.constant('strict'), weight: 3 },
  { arbitrary: fc.constant('loose'), weight: 2 },
  { arbitrary: fc.constant('raw'), weight: 1 },
);

function encodeAs(mode: string, text: string): string {
  if (mode === 'strict') return percentEncode(text);
  const bytes = Buffer.from(text, 'utf8').toString('latin1');
  // A raw CR, LF or space would end the request line: the request would no longer be one request.
  if (mode === 'raw') return bytes.replace(/[\r\n ]/g, escapeByte);
  // Loose: only the bytes a request line cannot carry (controls, space, non-ASCII) are escaped.
  // eslint-disable-next-line no-control-regex
  return bytes.replace(/[\u0000-\u0020\u007f-\u00ff]/g, escapeByte);
}

/** Percent-encodings that are wrong or surprising: truncated, not hex, not UTF-8, overlong, encoded separators. */
const PERCENT_EDGE_CASES = [
  '%',
  '%%',
  '%0',
  '%zz',
  '%G0',
  '%FF',
  '%C0%80',
  '%C3%28',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%E0%A4%A',
  '%00',
  '%2F',
  '%2f..%2f..%2f',
  '%5C',
  '%25',
  '%2525',
  '%u0041',
  '%2e',
  '%2e%2e',
  '.',
  '~',
  ';',
  ';x=1',
  '*',
  '%20',
  '+',
  '%3F',
  '%23',
];

const randomBytes = fc
  .uint8Array({ minLength: 1, maxLength: 12 })
  .map((bytes) => Array.from(bytes, (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));

/** One path segment as sent: hostile text in any encoding, a percent edge case, or random bytes. */
export const hostileSegment = (...plausible: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    {
      arbitrary: fc.tuple(encodingMode, valueFor(...plausible)).map(([mode, text]) => encodeAs(mode, text)),
      weight: 4,
    },
    { arbitrary: fc.constantFrom(...PERCENT_EDGE_CASES), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('', 'a', 'job-'), fc.constantFrom(...PERCENT_EDGE_CASES))
        .map(([a, b]) => a + b),
      weight: 1,
    },
    { arbitrary: randomBytes, weight: 1 },
  );

/** Query parameters the endpoints never read, some with special meaning elsewhere. */
const UNKNOWN_KEYS = [
  'token',
  '__proto__',
  'constructor',
  'toString',
  'a[b]',
  'x[]',
  '',
  ' ',
  'callback',
  '\u0000',
];

/**
 * A query string over `known` parameters (name -> plausible values): some known, repeated or not,
 * some unknown, in any order and encoding, sometimes with stray separators.
 */
export function hostileQuery(known: Record<string, string[]>): fc.Arbitrary<string> {
  const names = Object.keys(known);
  // An endpoint without parameters of its own still gets the ones it must ignore.
  const knownPair = fc
    .constantFrom(...names, ...(names.length === 0 ? UNKNOWN_KEYS : []))
    .chain((name) =>
      fc.tuple(fc.constant(name), valueFor(...(Object.hasOwn(known, name) ? (known[name] ?? []) : []))),
    );
  const unknownPair = fc.tuple(fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), hostileText), hostileText);
  const pair = fc
    .tuple(
      fc.oneof({ arbitrary: knownPair, weight: 3 }, { arbitrary: unknownPair, weight: 1 }),
      encodingMode,
      fc.boolean(),
    )
    .map(([[name, value], mode, withValue]) =>
      withValue ? `${encodeAs(mode, name)}=${encodeAs(mode, value)}` : encodeAs(mode, name),
    );
  const stray = fc.constantFrom('', '&', '&&', '=', '==', '?', '#fragment', '&=x', '%26', '[]=1');
  const anything = fc
    .tuple(fc.array(pair, { maxLength: 6 }), stray)
    .map(([pairs, tail]) => (pairs.length === 0 && tail === '' ? '' : `?${pairs.join('&')}${tail}`));
  if (names.length === 0) return anything;
  return fc.oneof({ arbitrary: anything, weight: 1 }, { arbitrary: oneBadParameter(known), weight: 2 });
}

/**
 * Valid values for some of the parameters and one spoilt or hostile value among them, properly
 * encoded: a request that gets past every check but the one under test, which is where a value
 * reaches the code behind the validation.
 */
function oneBadParameter(known: Record<string, string[]>): fc.Arbitrary<string> {
  const plausible = Object.entries(known).filter(([, values]) => values.length > 0);
  const valid = fc
    .subarray(plausible)
    .chain((chosen) =>
      fc.tuple(...chosen.map(([name, values]) => fc.tuple(fc.constant(name), fc.constantFrom(...values)))),
    );
  const bad = fc.constantFrom(...Object.keys(known)).chain((name) => {
    const values = known[name] ?? [];
    const value =
      values.length === 0 ? hostileText : fc.oneof(spoilt(fc.constantFrom(...values)), hostileText);
    return fc.tuple(fc.constant(name), value);
  });
  return fc.tuple(valid, bad).map(([pairs, [name, value]]) => {
    const others = pairs.filter(([other]) => other !== name);
    return `?${[...others, [name, value]].map(([k, v]) => `${percentEncode(k ?? '')}=${percentEncode(v ?? '')}`).join('&')}`;
  });
}

/** JSON values of every shape, with the numbers JSON can carry but code often mishandles. */
const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileText, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      Number.MAX_SAFE_INTEGER + 2,
      1e308,
      -1e308,
      5e-324,
      [],
      {},
      [null],
      [''],
      ['\u0000'],
      { $gt: '' },
      { __proto__: { polluted: true } },
    ),
    weight: 2,
  },
  { arbitrary: fc.array(hostileText, { maxLength: 5 }), weight: 1 },
);

/** A JSON object over `known` fields (name -> plausible values), with unknown fields among them. */
export function hostileJsonObject(known: Record<string, unknown[]>): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(known);
  const knownEntry = fc.constantFrom(...names, ...UNKNOWN_KEYS).chain((name) =>
    fc.tuple(
      fc.constant(name),
      // hasOwn: an unknown name may be `constructor`, which every object has.
      Object.hasOwn(known, name) && (known[name] ?? []).length > 0
        ? fc.oneof(fc.constantFrom(...(known[name] ?? [])), jsonJunk)
        : jsonJunk,
    ),
  );
  const unknownEntry = fc.tuple(fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), hostileText), jsonJunk);
  return fc
    .array(fc.oneof({ arbitrary: knownEntry, weight: 3 }, { arbitrary: unknownEntry, weight: 1 }), {
      maxLength: 6,
    })
    .map((entries) => {
      // defineProperty, so a `__proto__` key is an own field as a JSON parser would make it.
      const object: Record<string, unknown> = {};
      for (const [name, value] of entries) {
        Object.defineProperty(object, name, { value, enumerable: true, configurable: true, writable: true });
      }
      return object;
    });
}

/** A valid object but for one field, spoilt (a string) or replaced by junk (anything else). */
function oneBadField(known: Record<string, unknown[]>): fc.Arbitrary<Record<string, unknown>> {
  const plausible = Object.entries(known).filter(([, values]) => values.length > 0);
  if (plausible.length === 0) return hostileJsonObject(known);
  const valid = fc
    .subarray(plausible)
    .chain((chosen) =>
      fc.tuple(...chosen.map(([name, values]) => fc.tuple(fc.constant(name), fc.constantFrom(...values)))),
    );
  const bad = fc.constantFrom(...plausible).chain(([name, values]) => {
    const strings = values.filter((v): v is string => typeof v === 'string' && v !== '');
    const value = strings.length === 0 ? jsonJunk : fc.oneof(spoilt(fc.constantFrom(...strings)), jsonJunk);
    return fc.tuple(fc.constant(name), value);
  });
  return fc
    .tuple(valid, bad)
    .map(([fields, [name, value]]) => ({ ...Object.fromEntries(fields), [name]: value }));
}

/** Text that is not JSON, or JSON a strict parser might still trip on (repeated keys, depth, BOM). */
const notQuiteJson = (validBody: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '{',
      '}',
      '{"end_date": }',
      "{'end_date': '2025-10-01'}",
      '{"end_date": "2025-10-01",}',
      '{"end_date": NaN}',
      '{"end_date": Infinity}',
      '{"end_date": 1e999999}',
      `{"end_date": ${'9'.repeat(400)}}`,
      '{"end_date": "2025-10-01", "end_date": null}',
      '{"end_date": null, "end_date": "2025-10-01"}',
      '{"__proto__": {"end_date": "2025-10-01"}}',
      '{"constructor": {"prototype": {"polluted": true}}}',
      '\ufeff{"end_date": "2025-10-01"}',
      '{"end_date": "2025-10-01"}\u0000',
      '{"end_date": "2025-10-01"} trailing',
      '{"end_date": "\\ud800"}',
      '{"end_date": "\\u0000"}',
      '[]',
      'null',
      'true',
      '0',
      '"2025-10-01"',
      'end_date=2025-10-01',
      '<xml/>',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
    ),
    fc.nat({ max: Math.max(0, validBody.length - 1) }).map((cut) => validBody.slice(0, cut)),
    fc.string({ unit: hostileCharacter, maxLength: 40 }),
  );

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json;charset=UTF-16',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/jsonx',
  'application/problem+json',
  'text/json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'application/xml',
  '*/*',
  '',
  ';',
  'application/json; charset=\u00ff',
];

/**
 * Headers read by caches, proxies, authentication and the Host and Origin checks, with values none
 * of them expect (a Host given here replaces the one raw-http.ts would send).
 */
export const hostileHeaders: fc.Arbitrary<(readonly [string, string])[]> = fc.array(
  fc.tuple(
    fc.constantFrom(
      'If-None-Match',
      'Authorization',
      'Accept',
      'Accept-Encoding',
      'X-Forwarded-For',
      'Cookie',
      'Content-Encoding',
      'Origin',
      'Host',
    ),
    fc.oneof(
      fc.constantFrom(
        'text/csv',
        'text/csv;q=0.1, application/json',
        'text/*',
        '*',
        '"x"',
        'W/"x"',
        '"a", *, W/"b"',
        ',,,',
        'Bearer',
        'Bearer \u00ff',
        'gzip, br',
        '::1, 999.1.1.1',
        '',
        'http://attacker.example',
        'null',
        'http://127.0.0.1:1',
        'localhost',
        'attacker.example:80',
        '[::1]:1',
        'file://',
      ),
      // Header values travel as bytes: anything latin1 holds, control characters included, but CR
      // and LF, which would end the header and make the rest another request.
      fc.string({
        unit: fc
          .integer({ min: 0, max: 0xff })
          .filter((c) => c !== 0x0d && c !== 0x0a)
          .map((c) => String.fromCharCode(c)),
        maxLength: 30,
      }),
      fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)),
    ),
  ),
  { maxLength: 3 },
);

/** A body with a content type, or neither, or one without the other. */
export function hostileBody(
  known: Record<string, unknown[]>,
): fc.Arbitrary<Pick<RawRequest, 'body' | 'headers' | 'chunked'>> {
  const object = hostileJsonObject(known);
  const text = fc.oneof(
    { arbitrary: object.map((o) => JSON.stringify(o)), weight: 2 },
    { arbitrary: oneBadField(known).map((o) => JSON.stringify(o)), weight: 3 },
    { arbitrary: jsonJunk.map((v) => JSON.stringify(v) ?? ''), weight: 1 },
    { arbitrary: object.chain((o) => notQuiteJson(JSON.stringify(o))), weight: 2 },
  );
  // Mostly JSON, so that most bodies are read; the others must be refused cleanly.
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 6 },
    { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 3 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
  return fc
    .tuple(
      fc.option(text, { nil: undefined, freq: 8 }),
      contentType,
      hostileHeaders,
      fc.boolean(),
      fc.boolean(),
    )
    .map(([body, type, headers, chunked, binary]) => ({
      // Sometimes the bytes of a body that is not UTF-8 at all.
      ...(body === undefined ? {} : { body: binary ? Buffer.from(body, 'latin1') : body }),
      headers: [...(type === undefined ? [] : [['Content-Type', type] as const]), ...headers],
      chunked,
    }));
}
