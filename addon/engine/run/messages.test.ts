import { describe, expect, it } from 'vitest'
import { compileErrorText, droppedText, eventLine, RESTARTING_PYTHON, runErrorText, STARTING_PYTHON, timeoutText, waitingText } from './messages'

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
  it('say what a run waits for, why the first time, and turn run events into output lines', () => {
    expect(waitingText('building the editors')).toBe('Getting ready, so the run has the cores to itself: building the editors…')
    expect(waitingText(STARTING_PYTHON)).toBe('Getting ready: starting Python (once per page)…')
    expect(waitingText(RESTARTING_PYTHON)).toBe('Getting ready: starting a fresh Python interpreter…')
    expect(waitingText('measuring', false)).toBe('Getting ready: measuring…')
    expect(eventLine({ type: 'log', id: 1, level: 'warn', text: 'hm', t: 5 })).toEqual({ level: 'warn', text: 'hm', t: 5 })
    expect(eventLine({ type: 'dropped', id: 1, count: 3 })).toEqual({ level: 'system', text: '… 3 more lines not shown (output capped)' })
    expect(eventLine({ type: 'error', id: 1, name: 'TypeError', message: 'x', line: 2 })).toEqual({ level: 'error', text: 'Uncaught TypeError: x (line 2)' })
    expect(eventLine({ type: 'span', id: 1, span: { lane: 'main', label: 'a', start: 0, end: 1 } })).toBeUndefined()
  })
})
