import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { api } from '@/lib/api-client'
import type { User } from '@/types/api'

export const authKeys = { me: ['auth', 'me'] as const }

/** The signed-in user; a 401 (GitHub mode, nobody signed in) is an answer, not worth a retry. */
export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: ({ signal }) => api<User>('/auth/me', { signal }), retry: false, staleTime: Infinity })
}

/**
 * Ends the session (GitHub mode) and goes to the sign-in page; leaving the shell closes its event
 * streams, and the cleared cache keeps nothing of the signed-out user.
 */
export function useSignOut() {
  const qc = useQueryClient()
  const navigate = useNavigate()
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      navigate('/login', { replace: true })
      qc.clear()
    },
  })
}

/** Ends every session of the user, on every device (GitHub mode), then leaves as sign-out does. */
export function useSignOutEverywhere() {
  const qc = useQueryClient()
  const navigate = useNavigate()
  return useMutation({
    mutationFn: () => api<void>('/auth/logout-all', { method: 'POST' }),
    onSuccess: () => {
      navigate('/login', { replace: true })
      qc.clear()
    },
  })
}
