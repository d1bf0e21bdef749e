import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import type { TypedDocumentString } from './graphql/graphql';
import { useSession } from './session';

export interface QueryState<TResult> {
  data: TResult | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** Runs a query with the session's token whenever its variables change. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const { run } = useSession();
  const [data, setData] = useState<TResult>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(!options.skip);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the variables; `generation` is a reload.
  useEffect(() => {
    if (options.skip) return;
    let current = true;
    setLoading(true);
    run(document, JSON.parse(key) as TVariables).then(
      (result) => {
        if (!current) return;
        setData(result);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure instanceof ApiError ? failure : new ApiError(String(failure), 'CLIENT_ERROR'));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [document, key, generation, options.skip, run]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload };
}
