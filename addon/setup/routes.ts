import { defineRoutesSetup } from '@slidev/types'
import DeckView from '../components/DeckView.vue'

// A slide's address (`/<n>`, Slidev's "play" route) shows the slides or, on a phone held
// upright or with ?read, the reading view: components/DeckView.vue chooses. The other
// routes (presenter, overview, print, export) are Slidev's own, unchanged.
export default defineRoutesSetup((routes) => {
  for (const route of routes) if (route.name === 'play') Object.assign(route, { component: DeckView })
  return routes
})
