import type { Socket } from 'node:net'
import { createServer } from 'node:http'

// Nothing may leave loopback (no CDN, no package index, no telemetry the deck would cause).
// Each browser is told to send every request that is not for loopback through this proxy,
// which refuses them all and remembers them: the engine's own view of the network, workers
// and service workers included, which no page-level event gives for WebKit.
// - Plain http (a proxy request names its URL): the URL.
// - https and wss through CONNECT (Firefox): host:port.
// - A TLS connection straight to the proxy (WebKitGTK's way with an https proxy): the
//   target is encrypted; it is remembered as an https request to an unknown host.

export interface RefusingProxy {
  port: number
  /** What tried to leave loopback, in order. */
  seen: string[]
  close: () => Promise<void>
}

export function refusingProxy(): Promise<RefusingProxy> {
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    seen.push(req.url ?? '?')
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('off loopback: refused by the test\n')
  })
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)) })
  server.on('connect', (req, socket: Socket) => {
    seen.push(`CONNECT ${req.url}`)
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
  })
  server.on('clientError', (error: Error & { rawPacket?: Buffer }, socket: Socket) => {
    seen.push(error.rawPacket?.[0] === 0x16 ? 'https request to a host the proxy cannot see (TLS)' : `unreadable request (${error.message})`)
    socket.destroy()
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      port: (server.address() as { port: number }).port,
      seen,
      close: () => new Promise<void>((done) => {
        for (const s of sockets) s.destroy()
        server.close(() => done())
      }),
    }))
  })
}
