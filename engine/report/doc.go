// Package report turns the result of a run into what people and machines
// read: a live terminal view (Terminal, a result.Observer) with a final
// summary, and report files in JSON, JUnit XML, Markdown (a GitHub job
// summary) and HTML.
//
// A suite is the runs of many posts (a run of several posts, or the CI
// shards' reports merged): ReadJSON reads JSON reports back into runs,
// MergeRuns keeps one run per post, and the WriteSuite* functions write
// the combined JSON, JUnit, Markdown and an HTML index with a page per
// post; WriteSuiteDir writes them all into one directory.
//
// Reporters only read a result.Run; they never run anything. Colour codes
// appear only in the Terminal, and only when TerminalOptions.Color is set;
// every other output has ANSI escape sequences removed from captured text.
package report
