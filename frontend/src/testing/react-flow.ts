import { NODE_HEIGHT, NODE_WIDTH } from '@/features/tasks/components/plan-graph-layout'

/**
 * What React Flow measures with and jsdom lacks: `DOMMatrixReadOnly` (the viewport's zoom) and the
 * elements' sizes (every element measures as a plan node, so nodes render as measured). Call it in
 * a `beforeAll` of a test file that renders the plan graph.
 */
export function stubReactFlowDom() {
  globalThis.DOMMatrixReadOnly ??= class {
    m22: number
    constructor(transform?: string) {
      const scale = transform?.match(/scale\(([\d.]+)\)/)?.[1]
      this.m22 = scale ? Number(scale) : 1
    }
  } as unknown as typeof DOMMatrixReadOnly
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => NODE_WIDTH })
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => NODE_HEIGHT })
}
