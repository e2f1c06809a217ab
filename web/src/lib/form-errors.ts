/**
 * The API's refusals of a form, sorted by field: a 422 lists `{loc: ["body", field], msg}`, each
 * shown next to its input; a 400 (or anything else) is one message for the whole form.
 */
import type { ApiError } from '../api/client.js';

export interface FormErrors {
  fields: Record<string, string[]>;
  form: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, form: [] };

export function formErrors(error: ApiError, fieldNames: readonly string[]): FormErrors {
  const issues = error.issues;
  if (issues.length === 0) return { fields: {}, form: [error.message] };
  const fields: Record<string, string[]> = {};
  const form: string[] = [];
  for (const issue of issues) {
    const field = issue.loc.find(
      (part): part is string => typeof part === 'string' && fieldNames.includes(part),
    );
    if (field === undefined) form.push(issue.msg);
    else (fields[field] ??= []).push(issue.msg);
  }
  return { fields, form };
}
