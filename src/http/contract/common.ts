/**
 * The pieces every route group's contract shares: field formats, the error bodies clients of the
 * original (FastAPI) server read, and the deployment fields of trigger, status and health answers.
 */
import { z } from 'zod';

/** Clients send `?status=` to mean "no filter": an empty value counts as absent. */
export const blankAsAbsent = (value: unknown): unknown => (value === '' ? undefined : value);

export const isoDate = z.string().describe('YYYY-MM-DD');

export const UNSTORABLE_TEXT = 'must not contain NUL characters or unpaired surrogates';
// In unicode mode a surrogate pair is one code point, so the class matches unpaired halves only.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/**
 * Text a database can hold as it is: PostgreSQL refuses NUL in `text` (the query fails), and an
 * unpaired surrogate has no UTF-8 form (it would be stored as U+FFFD, another string). A value that
 * fails this can never equal a stored one, so it is refused before any query.
 */
export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

/** A string parameter compared with stored text: refused as a value error when it cannot be stored. */
export const storableText = z.string().superRefine((value, ctx) => {
  if (!isStorableText(value)) addValueError(ctx, UNSTORABLE_TEXT);
});

export const count = z.number().int().nonnegative();
export const timestamp = z.string().describe('ISO-8601 UTC, e.g. 2025-10-01T14:30:00.000Z');
export const nullableNumber = z.number().nullable();

/** `null` when there are none, as the original server answered (never `[]`). */
export const warningsSchema = z
  .array(z.string())
  .nullable()
  .describe('Non-fatal problems (skipped days, failed downloads); null when there are none');

export const validationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])).describe('Where the problem is, e.g. ["body", "end_date"]'),
  msg: z.string(),
  type: z.string().describe('Machine-readable kind, e.g. "missing"'),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const errorSchema = z.object({
  detail: z.union([z.string(), z.array(validationIssueSchema)]),
});
export type ErrorBody = z.infer<typeof errorSchema>;

export const errorResponses = {
  400: errorSchema.describe('The request was understood but refused; `detail` says why'),
  422: errorSchema.describe('The request does not have the expected shape'),
};
export const notFoundResponse = errorSchema.describe('No such job');
export const databaseUnavailableResponse = errorSchema.describe(
  'The database cannot be used right now (connection lost, disk full, file deleted); `detail` says why',
);
export const unauthorizedResponse = errorSchema.describe(
  'API_TOKEN is set and the bearer token is missing or wrong',
);

export const deploymentSchema = z.object({
  deployment_mode: z.enum(['PROD', 'DEV']),
  is_dev_mode: z.boolean(),
  preserve_dev_data: z.boolean().nullable().describe('null in PROD, as the original answered'),
});
export type DeploymentFields = z.infer<typeof deploymentSchema>;

/** OpenAPI: the POST endpoints take a bearer token (enforced only when API_TOKEN is set). */
export const BEARER_SECURITY = [{ bearerAuth: [] }];

/** Marks a refusal that FastAPI reported as a pydantic value error: `Value error, <message>` in the 422 list. */
export const VALUE_ERROR = 'value_error';

export function addValueError(ctx: z.RefinementCtx, message: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message, path, params: { kind: VALUE_ERROR } });
}
