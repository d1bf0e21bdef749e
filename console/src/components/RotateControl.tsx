import { GRACE_PERIODS } from './format';

/**
 * The grace-period choice and Rotate button of a credential's row. `noun` names what the old one is
 * ("secret" for tokens, "key" for application keys).
 */
export function RotateControl({
  grace,
  onGraceChange,
  onRotate,
  noun = 'secret',
}: {
  grace: number;
  onGraceChange: (seconds: number) => void;
  onRotate: () => void;
  noun?: 'secret' | 'key';
}) {
  return (
    <span className="rotate">
      <select
        aria-label="Grace period"
        value={grace}
        onChange={(event) => onGraceChange(Number(event.target.value))}
      >
        {GRACE_PERIODS.map((period) => (
          <option key={period.seconds} value={period.seconds}>
            {period.label.replace('secret', noun)}
          </option>
        ))}
      </select>
      <button type="button" onClick={onRotate}>
        Rotate
      </button>
    </span>
  );
}
