// An event-stream client that does what docs/events.md asks of one: it reconnects after any end of
// its stream with Last-Event-ID, and records every event id it receives so a test can look for gaps
// and duplicates, and which instance (nginx's X-Upstream) served each connection.

/** Parses text/event-stream chunks into {event, id, data} objects. */
function parser(onEvent) {
  let buffer = ''
  return (chunk) => {
    buffer += chunk
    for (let i; (i = buffer.indexOf('\n\n')) >= 0; ) {
      const block = buffer.slice(0, i)
      buffer = buffer.slice(i + 2)
      const e = { event: 'message', id: undefined, data: '' }
      for (const line of block.split('\n')) {
        const c = line.indexOf(':')
        if (c === 0) continue
        const field = c < 0 ? line : line.slice(0, c)
        const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '')
        if (field === 'event') e.event = value
        else if (field === 'id') e.id = value
        else if (field === 'data') e.data += (e.data ? '\n' : '') + value
      }
      if (block.trim() && !/^retry:/.test(block.trim())) onEvent(e)
    }
  }
}

/**
 * Follows `url` (a path under the balancer, or a function of the client giving one, e.g. to resume
 * a log with `<run>@<next line>`) until close(). `received` lists the ids of every event
 * with an id other than `connected`, in arrival order; `connections` each connection's
 * {upstream, lastEventId sent, connected id, status}; `resyncs` counts resync events (which mean
 * events were lost); `onEvent` sees every event.
 */
export function follow(base, url, { name = url, onEvent = () => {} } = {}) {
  const client = {
    name,
    url,
    received: [],
    types: [],
    connections: [],
    resyncs: 0,
    lastId: undefined,
    closed: false,
    errors: [],
  }
  let controller
  const run = async () => {
    while (!client.closed) {
      controller = new AbortController()
      const connection = { upstream: undefined, sent: client.lastId, connected: undefined, status: undefined, at: Date.now() }
      client.connections.push(connection)
      try {
        const headers = { Accept: 'text/event-stream' }
        if (client.lastId !== undefined) headers['Last-Event-ID'] = client.lastId
        const r = await fetch(`${base}${typeof url === 'function' ? url(client) : url}`, { headers, signal: controller.signal })
        connection.status = r.status
        connection.upstream = r.headers.get('x-upstream')
        if (!r.ok) throw new Error(`${url} answered ${r.status}: ${await r.text()}`)
        const decoder = new TextDecoder()
        const feed = parser((e) => {
          if (e.event === 'connected') connection.connected = e.id
          else if (e.id !== undefined) {
            client.received.push(Number(e.id))
            client.types.push(e.event)
            client.lastId = e.id
            if (e.event === 'resync') client.resyncs++
          }
          if (e.event === 'connected' && client.lastId === undefined) client.lastId = e.id
          onEvent(e, connection)
        })
        for await (const chunk of r.body) feed(decoder.decode(chunk, { stream: true }))
      } catch (e) {
        if (!client.closed) client.errors.push(`${new Date().toISOString()} ${e.message}`)
      }
      // the stream ended (its instance died, or a timeout): come back as a browser would, after its retry
      if (!client.closed) await new Promise((r) => setTimeout(r, 300))
    }
  }
  client.done = run()
  client.close = async () => {
    client.closed = true
    controller?.abort()
    await client.done
  }
  /** Ids missing between the first and the last received, and ids received more than once. */
  client.check = () => {
    const gaps = []
    const duplicates = []
    const seen = new Set()
    const first = client.connections[0]?.connected
    let expected = first !== undefined ? Number(first) + 1 : client.received[0]
    for (const id of client.received) {
      if (seen.has(id)) duplicates.push(id)
      else if (id !== expected) gaps.push(`${expected}..${id - 1}`)
      seen.add(id)
      expected = Math.max(expected, id + 1)
    }
    return { gaps, duplicates }
  }
  return client
}

/** The current position of a stream: the id of `connected` on a fresh connection (which is then closed). */
export async function position(base, url) {
  const controller = new AbortController()
  const r = await fetch(`${base}${url}`, { headers: { Accept: 'text/event-stream' }, signal: controller.signal })
  if (!r.ok) throw new Error(`${url} answered ${r.status}`)
  const decoder = new TextDecoder()
  let id
  const feed = parser((e) => {
    if (e.event === 'connected' && id === undefined) id = Number(e.id)
  })
  try {
    for await (const chunk of r.body) {
      feed(decoder.decode(chunk, { stream: true }))
      if (id !== undefined) break
    }
  } finally {
    controller.abort()
  }
  return id
}
