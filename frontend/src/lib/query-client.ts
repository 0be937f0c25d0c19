import { MutationCache, QueryClient } from '@tanstack/react-query'
import { toast } from 'sonner'
import { ApiError } from './api-client'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The event stream keeps the cache fresh; refetching on focus would be a hidden poll.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        // Dialogs show their own errors inline and opt out with meta.inlineError.
        if (mutation.meta?.inlineError) return
        toast.error(error instanceof ApiError ? error.message : 'Something went wrong')
      },
    }),
  })
}
