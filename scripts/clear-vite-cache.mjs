// Empties Vite's dependency cache (node_modules/.vite), so the next `slidev` start is
// a cold one, as on a fresh clone. The browser tests start `npm run dev` after it.
import { rmSync } from 'node:fs'

rmSync(new URL('../node_modules/.vite', import.meta.url), { recursive: true, force: true })
