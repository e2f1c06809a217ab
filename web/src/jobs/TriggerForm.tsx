/**
 * Starting a simulation (POST /simulate/trigger) in a market, the shown one unless another is
 * chosen. The server decides what is valid: its refusals are shown where they belong, a 422's by
 * field and a 400's for the whole form, in its own words.
 */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { TriggerResponse } from '../api/types.js';
import { asApiError } from '../api/useApi.js';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors.js';
import { MARKET_CHOICES, type MarketId } from '../lib/market.js';
import { TokenPrompt } from './TokenPrompt.js';

const FIELDS = ['start_date', 'end_date', 'models', 'replace_existing', 'market'] as const;

export function TriggerForm(props: {
  knownModels: string[];
  /** The market the page shows (null until the server said which): the form's choice until changed. */
  market: MarketId | null;
  onCreated: (created: TriggerResponse) => void;
}) {
  const { knownModels, onCreated } = props;
  const [chosenMarket, setChosenMarket] = useState<MarketId | null>(null);
  const market = chosenMarket ?? props.market;
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [checked, setChecked] = useState<string[]>([]);
  const [otherModels, setOtherModels] = useState('');
  const [replaceExisting, setReplaceExisting] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<TriggerResponse | null>(null);
  const id = useId();

  const models = [...new Set([...checked, ...splitModels(otherModels)])];

  const submit = async (): Promise<void> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setCreated(null);
    try {
      const answer = await api.post<TriggerResponse>('/simulate/trigger', {
        start_date: start === '' ? null : start,
        end_date: end,
        ...(models.length > 0 ? { models } : {}),
        replace_existing: replaceExisting,
        // Unknown yet: the server's own market, which it takes when none is named.
        ...(market === null ? {} : { market }),
      });
      setCreated(answer);
      onCreated(answer);
    } catch (error) {
      const refused = asApiError(error);
      if (refused.status === 401) setRefusal(refused.message);
      else setErrors(formErrors(refused, FIELDS));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void submit();
  };

  const toggle = (model: string): void =>
    setChecked((current) =>
      current.includes(model) ? current.filter((m) => m !== model) : [...current, model],
    );

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Start a simulation</h2>
      <form onSubmit={onSubmit} noValidate data-testid="trigger-form">
        <div className="field">
          <label htmlFor={`${id}-market`}>Market</label>
          <select
            id={`${id}-market`}
            value={market ?? ''}
            onChange={(e) => setChosenMarket(e.target.value as MarketId)}
            aria-invalid={errors.fields['market'] ? true : undefined}
          >
            {market === null && <option value="">The server's</option>}
            {MARKET_CHOICES.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-market-error`} errors={errors.fields['market']} />
        </div>
        <div className="field-row">
          <DateField
            id={`${id}-start`}
            label="First date"
            hint="Empty: each model resumes after its last completed day."
            value={start}
            onChange={setStart}
            errors={errors.fields['start_date']}
          />
          <DateField
            id={`${id}-end`}
            label="Last date (required)"
            value={end}
            onChange={setEnd}
            errors={errors.fields['end_date']}
          />
        </div>
        <fieldset className="models" aria-describedby={`${id}-models-hint`}>
          <legend>Models</legend>
          <p className="hint" id={`${id}-models-hint`}>
            None chosen: every enabled model. Models of recent jobs are listed; type others by signature.
          </p>
          {knownModels.map((model) => (
            <label key={model} className="check">
              <input type="checkbox" checked={checked.includes(model)} onChange={() => toggle(model)} />{' '}
              {model}
            </label>
          ))}
          <div className="field">
            <label htmlFor={`${id}-other`}>Other models (comma-separated)</label>
            <input
              id={`${id}-other`}
              type="text"
              list={`${id}-suggestions`}
              value={otherModels}
              onChange={(e) => setOtherModels(e.target.value)}
              aria-invalid={errors.fields['models'] ? true : undefined}
              aria-describedby={errors.fields['models'] ? `${id}-models-error` : undefined}
            />
            <datalist id={`${id}-suggestions`}>
              {knownModels.map((model) => (
                <option key={model} value={model} />
              ))}
            </datalist>
            <FieldErrors id={`${id}-models-error`} errors={errors.fields['models']} />
          </div>
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={replaceExisting}
            onChange={(e) => setReplaceExisting(e.target.checked)}
          />{' '}
          Replace existing results (re-run days already completed; the old results stay readable by job)
        </label>
        <FieldErrors id={`${id}-replace-error`} errors={errors.fields['replace_existing']} />
        {errors.form.length > 0 && (
          <div className="state state-error" role="alert" data-testid="trigger-error">
            {errors.form.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        )}
        <div className="field-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Starting…' : 'Start'}
          </button>
        </div>
        {created && (
          <p className="state state-ok" role="status" data-testid="trigger-ok">
            {created.message}
            {created.warnings && created.warnings.length > 0 && ` (${created.warnings.length} warning(s))`}
          </p>
        )}
      </form>
      {/* Its own form, so not inside the trigger form. */}
      {refusal !== null && <TokenPrompt refusal={refusal} retry={submit} dismiss={() => setRefusal(null)} />}
    </section>
  );
}

function DateField(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  errors: string[] | undefined;
}) {
  const { id, label, hint, value, onChange, errors } = props;
  const describedBy = [hint ? `${id}-hint` : '', errors ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.join(' ')}
    </p>
  );
}

const splitModels = (text: string): string[] =>
  text
    .split(/[,\s]+/)
    .map((model) => model.trim())
    .filter((model) => model !== '');
