// The live cells' styles, which Slidev loads with the addon (the reading view's come
// with components/ReadingView.vue).
import './cells.css'
