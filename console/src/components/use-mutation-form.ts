import { type FormEvent, useCallback, useState } from 'react';
import { asFailure, type Failure } from './Notices';

export interface MutationForm {
  /** What Keygate (or the form itself) refused last time, for ResultError and Field; null after a success. */
  failure: Failure;
  /** Whether a change is on its way: the submit button waits. */
  busy: boolean;
  /**
   * Runs one change: `work` sends it and returns the typed failure in its result (typedError), or null when
   * it went through; whatever it throws (an ApiError, say) becomes the failure too. Resolves to whether it
   * went through.
   */
  submit(work: () => Promise<Failure>): Promise<boolean>;
  /** `submit` as a form's onSubmit: `work` reads the form's fields. */
  onSubmit(
    work: (form: FormData, element: HTMLFormElement) => Promise<Failure>,
  ): (event: FormEvent<HTMLFormElement>) => void;
  /** Forgets the failure without a change: an edit cancelled, a filter replaced from elsewhere. */
  clear(): void;
}

/** The state every form and row action of the console keeps: its failure, whether it is busy, and a submit. */
export function useMutationForm(): MutationForm {
  const [failure, setFailure] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);

  const submit = useCallback(async (work: () => Promise<Failure>) => {
    setFailure(null);
    setBusy(true);
    try {
      const failed = await work();
      setFailure(failed);
      return failed === null;
    } catch (error) {
      setFailure(asFailure(error));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const onSubmit = useCallback(
    (work: (form: FormData, element: HTMLFormElement) => Promise<Failure>) =>
      (event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const element = event.currentTarget;
        void submit(() => work(new FormData(element), element));
      },
    [submit],
  );

  const clear = useCallback(() => setFailure(null), []);

  return { failure, busy, submit, onSubmit, clear };
}
