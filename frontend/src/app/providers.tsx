import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { Tooltip } from 'radix-ui'
import { useState, type ReactNode } from 'react'
import { Toaster } from 'sonner'
import { createQueryClient } from '@/lib/query-client'
import { useTheme } from '@/lib/theme'

export function AppProviders({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient())
  // applies the theme on every page (the switch is in the shell) and gives the toasts the same one
  const { resolved } = useTheme()
  return (
    <QueryClientProvider client={queryClient}>
      <Tooltip.Provider delayDuration={300}>{children}</Tooltip.Provider>
      <Toaster theme={resolved} position="bottom-right" richColors closeButton />
    </QueryClientProvider>
  )
}
