// Fonts ship with the deck (no web-font provider): a venue without network
// must look the same as the rehearsal.
import '@fontsource/nunito-sans/400.css'
import '@fontsource/nunito-sans/600.css'
import '@fontsource/nunito-sans/700.css'
import '@fontsource/fira-code/400.css'
import '@fontsource/fira-code/600.css'
import './deck.css'
