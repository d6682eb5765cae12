import Link from 'next/link';
import type { ValidationError } from '@/lib/errors';
import { PRESETS, type Preset, type ReportQuery } from '@/lib/reports/report-query';

interface Props {
  params: Record<string, string | string[] | undefined>;
  vendors: string[];
  query: ReportQuery | null;
  error: ValidationError | null;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const field = 'mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm';

/** A plain GET form: the report's URL is its settings, so it can be bookmarked and shared. */
export function ReportFilters({ params, vendors, query, error }: Props) {
  const vendor = one(params.vendor) || vendors[0] || '';
  const granularity = query?.granularity ?? (one(params.granularity) || 'day');
  const presetHref = (preset: Preset) => `/reports?${new URLSearchParams({ preset, granularity, vendor })}`;
  const errorsFor = (name: string) => error?.fieldErrors[name]?.join(' ');
  return (
    <section className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="Report settings">
      <nav aria-label="Presets" className="flex flex-wrap gap-2">
        {(Object.keys(PRESETS) as Preset[]).map((preset) => (
          <Link
            key={preset}
            href={presetHref(preset)}
            data-testid={`preset-${preset}`}
            aria-current={query?.preset === preset ? 'page' : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${query?.preset === preset ? 'border-indigo-600 bg-indigo-50 text-indigo-800' : 'border-slate-300 text-slate-700 hover:bg-slate-50'}`}
          >
            {PRESETS[preset]}
          </Link>
        ))}
      </nav>
      <form method="get" action="/reports" className="mt-4 flex flex-wrap items-end gap-4" data-testid="report-form">
        <label className="text-sm font-medium">
          Vendor
          <select name="vendor" defaultValue={vendor} className={field} data-testid="report-vendor">
            {vendors.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          From
          <input
            type="date"
            name="from"
            defaultValue={query?.fromDay ?? one(params.from)}
            required
            className={field}
            aria-invalid={Boolean(errorsFor('from'))}
            aria-describedby="report-error"
            data-testid="report-from"
          />
        </label>
        <label className="text-sm font-medium">
          To
          <input
            type="date"
            name="to"
            defaultValue={query?.toDay ?? one(params.to)}
            required
            className={field}
            aria-invalid={Boolean(errorsFor('to'))}
            aria-describedby="report-error"
            data-testid="report-to"
          />
        </label>
        <label className="text-sm font-medium">
          Per
          <select name="granularity" defaultValue={granularity} className={field} data-testid="report-granularity">
            <option value="day">day</option>
            <option value="week">week</option>
            <option value="month">month</option>
          </select>
        </label>
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          data-testid="report-submit"
        >
          Show report
        </button>
      </form>
      <div id="report-error" aria-live="polite">
        {error && (
          <div
            role="alert"
            className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
            data-testid="report-error"
          >
            <p className="font-medium">{error.message}</p>
            {Object.entries(error.fieldErrors).map(([name, messages]) => (
              <p key={name}>
                {name}: {messages.join(' ')}
              </p>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
