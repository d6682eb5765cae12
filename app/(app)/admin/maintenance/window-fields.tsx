import { COMPONENT_LABELS, COMPONENTS } from '@/lib/incidents/components';
import { inputClass } from '../../../_components/field';

/** A wall time (<input type=datetime-local>) in the admin's zone, named in its label. */
function WallTimeField({
  label,
  name,
  timeZone,
  value,
  testId,
}: {
  label: string;
  name: string;
  timeZone: string;
  value: string;
  testId: string;
}) {
  return (
    <label className="text-sm">
      {label} ({timeZone})
      <input name={name} type="datetime-local" defaultValue={value} className={inputClass} data-testid={testId} />
    </label>
  );
}

/** The fields of a window, shared by "schedule" and "edit". Times are wall times in the admin's zone. */
export function WindowFields({
  timeZone,
  defaults,
}: {
  timeZone: string;
  defaults: { component: string; startsAt: string; endsAt: string; reason: string };
}) {
  return (
    <>
      <input type="hidden" name="timeZone" value={timeZone} />
      <label className="text-sm">
        Component
        <select
          name="component"
          defaultValue={defaults.component}
          className={inputClass}
          data-testid="maintenance-component"
        >
          <option value="all">Every component</option>
          {COMPONENTS.map((c) => (
            <option key={c} value={c}>
              {COMPONENT_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Reason
        <input
          name="reason"
          defaultValue={defaults.reason}
          maxLength={500}
          className={inputClass}
          data-testid="maintenance-reason"
        />
      </label>
      <WallTimeField
        label="Starts"
        name="startsAt"
        timeZone={timeZone}
        value={defaults.startsAt}
        testId="maintenance-starts"
      />
      <WallTimeField label="Ends" name="endsAt" timeZone={timeZone} value={defaults.endsAt} testId="maintenance-ends" />
    </>
  );
}
