import { type ReactNode, useId } from 'react';
import { type Failure, FieldMessage } from './Notices';

/** What a control needs to be tied to its label, its hint and the failure Keygate named it in. */
export interface FieldControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * One labelled field of a `.form-grid` form: the label, then the control with its hint and, when Keygate
 * refused the input with a ValidationError naming `field`, that error's message right under it.
 * `group` is for a set of checkboxes: the label names the group instead of one control.
 */
export function Field({
  label,
  field,
  failure,
  hint,
  group = false,
  children,
}: {
  label: string;
  /** The input field's name in the mutation, as ValidationError.field names it. */
  field: string;
  failure: Failure;
  hint?: ReactNode;
  group?: boolean;
  children(control: FieldControlProps): ReactNode;
}) {
  const id = useId();
  const failed = failure?.field === field;
  const describedBy =
    [hint ? `${id}-hint` : null, failed ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const control: FieldControlProps = {
    id,
    ...(failed ? { 'aria-invalid': true } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
  return (
    <>
      {group ? (
        <span className="label" id={`${id}-label`}>
          {label}
        </span>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      <div
        className="field"
        {...(group
          ? { role: 'group', 'aria-labelledby': `${id}-label`, 'aria-describedby': describedBy }
          : {})}
      >
        {children(control)}
        {hint ? (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {failed ? <FieldMessage id={`${id}-error`} error={failure} /> : null}
      </div>
    </>
  );
}
