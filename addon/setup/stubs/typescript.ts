// Slidev's Monaco setup imports the TypeScript compiler on the page only to hand it
// to CDN type acquisition, which this deck turns off (types are local, and the
// venue may be offline). Aliasing it here keeps ~9 MB of compiler off the main
// thread; Monaco's own language service keeps its compiler in its worker.
export default {}
