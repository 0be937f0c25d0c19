import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { server } from './server'

// A request no test route answers is a mistake in the test or the code. MSW's "error" strategy only
// fails that request (the code under test may well swallow the failure), so the test fails here too.
const unhandled: string[] = []
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (request, print) => {
      unhandled.push(`${request.method} ${new URL(request.url).pathname}`)
      print.error()
    },
  }),
)
afterEach(() => {
  cleanup()
  server.resetHandlers()
  server.events.removeAllListeners()
  const missed = unhandled.splice(0)
  if (missed.length) throw new Error(`no test route answered: ${missed.join(', ')}`)
})
afterAll(() => server.close())

// jsdom lacks these; Radix and the virtualizer ask for them.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
Element.prototype.scrollIntoView ??= function () {}
Element.prototype.hasPointerCapture ??= () => false
Element.prototype.releasePointerCapture ??= () => {}
