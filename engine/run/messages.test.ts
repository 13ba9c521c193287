import { describe, expect, it } from 'vitest'
import { compileErrorText, droppedText, RESTARTING_PYTHON, runErrorText, STARTING_PYTHON, timeoutText, waitingText } from './messages'

describe('outcome messages', () => {
  it('name line:column for syntax errors and thrown errors', () => {
    expect(compileErrorText({ line: 2, column: 11, message: 'Unexpected ";"' })).toBe('Syntax error at line 2:11: Unexpected ";"')
    expect(runErrorText({ name: 'TypeError', message: 'boom', line: 4, column: 9 })).toBe('Uncaught TypeError: boom (line 4:9)')
    expect(runErrorText({ name: 'Error', message: 'no', rejection: true })).toBe('Unhandled rejection Error: no')
  })
  it('count what the cap dropped and say why a run stopped', () => {
    expect(droppedText(999_001)).toBe('… 999,001 more lines not shown (output capped)')
    expect(timeoutText(10_000)).toMatch(/^Stopped after 10 s: the cell's time budget ran out/)
  })
  it('say what a run waits for; the deck\'s start-up with its reason, Python\'s start without', () => {
    expect(waitingText('building the editors')).toMatch(/^Getting ready: building the editors… The run starts once the deck's start-up is done/)
    expect(waitingText('building the editors', false)).toBe('Getting ready: building the editors…')
    expect(waitingText(STARTING_PYTHON)).toBe('Getting ready: starting Python (once per page)…')
    expect(waitingText(RESTARTING_PYTHON)).toBe('Getting ready: starting a fresh Python interpreter…')
  })
})
