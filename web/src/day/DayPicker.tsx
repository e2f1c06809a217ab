/** Choosing a model-day: a model, then one of the dates it traded (with previous and next). */
import type { ChangeEvent } from 'react';

export interface DayChoice {
  model: string;
  date: string;
}

export function DayPicker(props: {
  models: string[];
  dates: string[];
  value: DayChoice;
  onChange: (choice: DayChoice) => void;
}) {
  const { models, dates, value, onChange } = props;
  const index = dates.indexOf(value.date);
  const previous = index > 0 ? dates[index - 1] : undefined;
  const next = index >= 0 && index < dates.length - 1 ? dates[index + 1] : undefined;
  return (
    <form className="filters" aria-label="Choose a model-day" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="day-model">Model</label>
        <select
          id="day-model"
          value={value.model}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange({ model: e.target.value, date: '' })}
        >
          {!models.includes(value.model) && <option value={value.model}>{value.model || 'Choose…'}</option>}
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="day-date">Date</label>
        <select
          id="day-date"
          value={value.date}
          onChange={(e) => onChange({ ...value, date: e.target.value })}
        >
          {!dates.includes(value.date) && <option value={value.date}>{value.date || 'Choose…'}</option>}
          {dates.map((date) => (
            <option key={date} value={date}>
              {date}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-actions">
        <button
          type="button"
          className="secondary"
          disabled={previous === undefined}
          onClick={() => previous && onChange({ ...value, date: previous })}
        >
          ← Previous day
        </button>
        <button
          type="button"
          className="secondary"
          disabled={next === undefined}
          onClick={() => next && onChange({ ...value, date: next })}
        >
          Next day →
        </button>
      </div>
    </form>
  );
}
