import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, renderHook, type RenderOptions } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'

export function testQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0, gcTime: Infinity }, mutations: { retry: false } },
  })
}

export function wrapper(client: QueryClient, extra?: (children: ReactNode) => ReactNode) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={client}>
        <MemoryRouter>{extra ? extra(children) : children}</MemoryRouter>
      </QueryClientProvider>
    )
  }
}

export function renderWithClient(ui: ReactNode, client = testQueryClient(), options?: RenderOptions) {
  return { client, ...render(ui, { wrapper: wrapper(client), ...options }) }
}

export { renderHook }
