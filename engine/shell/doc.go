// Package shell runs the steps of a tutorial in one bash session whose state
// carries from step to step as it would in one terminal, while every step
// runs in a process of its own that a timeout can kill.
//
// # How a step runs
//
// Each step is a fresh `bash --noprofile --norc -c COMMAND bash` in a new
// process group, with stdin from /dev/null and stdout and stderr on the same
// pipe (one file descriptor, so the two interleave as on a terminal).
// COMMAND is the step's command, untouched. The machinery comes in through
// BASH_ENV, a file that non-interactive bash sources before COMMAND; it
//
//  1. unsets BASH_ENV, so that scripts the step runs do not source it;
//  2. sets an EXIT trap that saves the state (below);
//  3. turns on expand_aliases and sources the session's state file, which
//     also leaves $? at the previous step's exit status.
//
// Keeping COMMAND apart means errors read as in a terminal ("bash: line 1:
// x: command not found"), line numbers are the step's own, and aliases from
// the state apply from its first line.
//
// The EXIT trap writes the new state with builtins only (no fork): shopt
// and set -o options, the working directory, every variable (declare -p;
// bash's read-only and dynamic ones come back harmlessly), umask, functions
// and their export flags, aliases, and the exit status. It runs with stderr
// on /dev/null and with errexit, nounset and xtrace off, so `set -x`,
// `set -u` and `set -e` neither break it nor show it; they are restored
// last when the next step sources the state. It keeps the exit status of
// the step. Go adopts the new state only when it is complete and the step
// was not stopped, so a timed-out step leaves the previous state.
//
// Every bash after the first starts with an empty environment (apart from
// entries whose names bash cannot hold as variables); exported variables
// come from the state, so `unset` and `export -n` carry too.
//
// # What does not carry, and other differences from a terminal
//
// A step is a non-interactive shell: errors that end a script (assigning to
// a read-only variable, an unset variable under set -u) end the step, and
// job control is off. $$ and $BASHPID change from step to step, and
// $SECONDS restarts. Jobs ($!, jobs, fg, wait %1), traps, positional
// parameters, $_, the directory stack (pushd, popd), ulimits, history and
// file descriptors opened with exec do not carry. A step that sets its own
// EXIT trap replaces the save, and a step that ends in `exec cmd` never
// runs it: either way the previous state stays. `trap -p` shows the save
// trap. A step whose quotes are unterminated exits with the previous step's
// status when that was not zero (a bash quirk: it keeps $? on that error),
// else with 2.
//
// # Processes
//
// A timeout or a cancelled context sends SIGTERM to the step's whole process
// group and SIGKILL after Options.KillGrace. Children that a step leaves
// running in the background (`server &`) do not hold Run up; their output
// pipe keeps being drained, so that they neither block nor die of SIGPIPE,
// and Session.Close stops their process groups. Processes that leave the
// group (setsid, set -m) are not tracked.
//
// A Session is meant for one goroutine at a time; a Background may be
// stopped or read from any goroutine.
package shell
