import { defineShikiSetup } from '@slidev/types'
import { projectorLight } from './projector-theme'

// Code blocks and editors use the deck's projector-safe theme (setup/projector-theme.ts)
// instead of Slidev's default vitesse pair, whose light greys and pastels fall under 4.5:1.
// The deck is light only (colorSchema: light), so one theme serves both; Slidev's Monaco
// setup converts it for the editor with shikiToMonaco and selects it.
// Python joins the grammars Slidev's Monaco setup loads, so the Python cells' editors are
// coloured by the same tokenizer and theme as the slides' Python code.
export default defineShikiSetup(() => ({
  theme: projectorLight,
  langs: ['python'],
}))
