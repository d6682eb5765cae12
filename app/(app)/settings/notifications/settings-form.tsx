'use client';
import { useActionState, useState } from 'react';
import { IDLE } from '@/lib/http/form-state';
import type { NotificationSettings } from '@/lib/settings/notification-settings';
import { describedBy, Field, FormMessage, inputClass, primaryButtonClass } from '../../../_components/field';
import { saveNotificationSettings } from './actions';

const MODES = [
  { value: 'IMMEDIATE', label: 'Right away', hint: 'An email shortly after a message you have not read.' },
  { value: 'DIGEST', label: 'Daily digest', hint: 'One email a day listing unread messages.' },
  { value: 'OFF', label: 'Off', hint: 'No emails about new messages.' },
] as const;

export function NotificationSettingsForm({
  settings: saved,
  zones,
}: {
  settings: NotificationSettings;
  zones: string[];
}) {
  const [state, action, pending] = useActionState(saveNotificationSettings, IDLE);
  const [quiet, setQuiet] = useState(saved.quietStart !== null);
  // React resets a form after its action: what was submitted stays as the default, saved or not.
  const submitted = state.status === 'idle' ? undefined : state.values;
  const settings = submitted
    ? {
        emailMode: submitted.emailMode ?? saved.emailMode,
        quietStart: submitted.quietStart ?? saved.quietStart,
        quietEnd: submitted.quietEnd ?? saved.quietEnd,
        timeZone: submitted.timeZone ?? saved.timeZone,
      }
    : saved;
  const errors = state.status === 'error' ? state.fieldErrors : {};
  return (
    <form
      action={action}
      noValidate
      className="mt-6 space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Email me about new messages</legend>
        <div className="mt-2 space-y-2">
          {MODES.map((mode) => (
            <label
              key={mode.value}
              className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50"
            >
              <input
                type="radio"
                name="emailMode"
                value={mode.value}
                defaultChecked={settings.emailMode === mode.value}
                className="mt-1"
                data-testid={`email-mode-${mode.value.toLowerCase()}`}
              />
              <span>
                <span className="block font-medium">{mode.label}</span>
                <span className="block text-sm text-slate-600">{mode.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.emailMode && <p className="mt-1 text-sm text-red-700">{errors.emailMode.join(' ')}</p>}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Quiet hours</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="quietHours"
            checked={quiet}
            onChange={(event) => setQuiet(event.target.checked)}
            data-testid="quiet-hours"
          />
          Hold emails during quiet hours and send them afterwards
        </label>
        {quiet && (
          <div className="grid grid-cols-2 gap-4">
            <Field id="quietStart" label="From" errors={errors.quietStart}>
              <input
                id="quietStart"
                name="quietStart"
                type="time"
                defaultValue={settings.quietStart ?? '22:00'}
                className={inputClass}
                data-testid="quiet-start"
                {...describedBy('quietStart', { errors: errors.quietStart })}
              />
            </Field>
            <Field id="quietEnd" label="Until" errors={errors.quietEnd}>
              <input
                id="quietEnd"
                name="quietEnd"
                type="time"
                defaultValue={settings.quietEnd ?? '07:00'}
                className={inputClass}
                data-testid="quiet-end"
                {...describedBy('quietEnd', { errors: errors.quietEnd })}
              />
            </Field>
          </div>
        )}
      </fieldset>

      <Field id="timeZone" label="Time zone" hint="Quiet hours and times in emails use it." errors={errors.timeZone}>
        <select
          id="timeZone"
          name="timeZone"
          defaultValue={settings.timeZone}
          className={inputClass}
          data-testid="time-zone"
          {...describedBy('timeZone', { hint: 'x', errors: errors.timeZone })}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </Field>

      {state.status === 'error' && (
        <FormMessage kind="error" testId="settings-error">
          {state.message}
        </FormMessage>
      )}
      {state.status === 'success' && (
        <FormMessage kind="success" testId="settings-saved">
          Your notification settings are saved.
        </FormMessage>
      )}
      <button type="submit" disabled={pending} className={primaryButtonClass} data-testid="settings-save">
        {pending ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
