// Package report turns the result of a run into what people and machines
// read: a live terminal view (Terminal, a result.Observer) with a final
// summary, and report files in JSON, JUnit XML and Markdown (a GitHub job
// summary).
//
// Reporters only read a result.Run; they never run anything. Colour codes
// appear only in the Terminal, and only when TerminalOptions.Color is set;
// every other output has ANSI escape sequences removed from captured text.
package report
