// Vite's ?raw import: the file's text (talk.py, written into the interpreter's file system).
declare module '*.py?raw' {
  const text: string
  export default text
}
