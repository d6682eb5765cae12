'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/http/form-state';
import type { DesignerCard } from '@/lib/projects/list-designers';
import { describedBy, Field, FormMessage, inputClass, primaryButtonClass } from '../../../_components/field';
import { createProjectAction } from './actions';

export function NewProjectForm({ designers }: { designers: DesignerCard[] }) {
  const [state, action, pending] = useActionState(createProjectAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form
      action={action}
      noValidate
      className="mt-6 space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <Field id="title" label="Project title" hint="For example “Logo for my bakery”." errors={errors.title}>
        <input
          id="title"
          name="title"
          required
          maxLength={120}
          defaultValue={values.title}
          className={inputClass}
          data-testid="project-title"
          {...describedBy('title', { hint: 'x', errors: errors.title })}
        />
      </Field>
      <fieldset aria-describedby={errors.designerId ? 'designer-error' : undefined}>
        <legend className="text-sm font-medium text-slate-800">Designer</legend>
        {designers.length === 0 && <p className="mt-2 text-sm text-slate-600">No designers have joined yet.</p>}
        <ul className="mt-2 grid gap-3 sm:grid-cols-2" data-testid="designer-directory">
          {designers.map((d) => (
            <li key={d.id}>
              <label className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-300 p-3 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600">
                <input
                  type="radio"
                  name="designerId"
                  value={d.id}
                  defaultChecked={values.designerId === d.id}
                  className="mt-1"
                  data-testid="designer-option"
                />
                <span>
                  <span className="block font-medium">{d.name}</span>
                  <span className="block text-sm text-slate-600">{d.speciality ?? 'Designer'}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {errors.designerId && (
          <p id="designer-error" className="mt-1 text-sm text-red-700" data-testid="designerId-error">
            {errors.designerId.join(' ')}
          </p>
        )}
      </fieldset>
      {state.status === 'error' && (
        <FormMessage kind="error" testId="new-project-error">
          {state.message}
        </FormMessage>
      )}
      <button type="submit" disabled={pending} className={primaryButtonClass} data-testid="create-project">
        {pending ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}
