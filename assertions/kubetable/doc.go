// Package kubetable judges `kubectl get` output column by column, and
// binds names that only existed in a post author's cluster (generated pod,
// ReplicaSet and node names) to the names of the live objects that stand in
// for them.
//
// # Parsing
//
// Parse reads the tables kubectl prints: a plain get, `get all` (one table
// per kind, separated by blank lines, names written kind/name), -o wide,
// --show-labels, -L and -A (a NAMESPACE column). A table is a block of
// non-blank lines whose first line is a header of upper-case column names.
// Header columns are separated by two or more spaces (kubectl pads with at
// least three); a single space belongs to the name ("NOMINATED NODE").
// Cells are cut by where each header column starts, not by splitting on
// whitespace, so values with spaces in them ("1 (5m ago)", "Ubuntu 22.04.4
// LTS") stay whole, an empty cell stays empty, and a row shifted by an
// edited name still lands in the right columns. A post whose whitespace was
// collapsed to single spaces is read word by word.
//
// # Comparing
//
// Compare parses both sides and falls back to assertions.Output when either
// does not parse. Tables are paired by Kind, in order. Rows are paired by
// NAME (and NAMESPACE when both sides have it) in rounds, each over the rows
// still unpaired, pairing equal keys in order:
//
//  1. the literal name;
//  2. the name with generated parts replaced (normalize.Line's <HASH>, and
//     a trailing DaemonSet-style five-letter suffix of Kubernetes' random
//     alphabet, which then only pairs with the same prefix);
//  3. that, less a trailing numeric index (web-0, vmss000002);
//  4. that, with every run of digits masked (node names that carry a
//     cluster id, such as aks-nodepool1-30325416-vmss000000).
//
// Each pair whose names differ is a Binding. Within a pair, cells are
// judged by column:
//
//	ignored      AGE, RESTARTS, LAST SEEN, FIRST SEEN, DURATION
//	exact        STATUS, READY, TYPE, ROLES, AVAILABLE, UP-TO-DATE, DESIRED,
//	             CURRENT, PHASE
//	drift        VERSION: a difference is noted in the message ("drift:
//	             VERSION v1.31.3 → v1.37.2 (3 rows)"), as cilium status
//	             notes version drift, and does not fail
//	node name    NODE: equal once normalized like a row name (round 4)
//	labels       LABELS: each value normalized as a name part, so a
//	             pod-template-hash does not count
//	normalized   everything else, through normalize.Line: IPs (CLUSTER-IP,
//	             EXTERNAL-IP, IP, INTERNAL-IP ...), NodePorts in PORT(S).
//	             <pending> and <none> are not addresses, so they differ.
//
// Columns of the post that the output lacks are a failure; extra columns in
// the output are not. A different number of rows is reported in the
// table's terms ("the post shows 3 nodes, the cluster has 2") with the
// missing and extra names; the kind comes from kind/name prefixes or is
// recognised from the header (NAME STATUS ROLES AGE VERSION is nodes), and
// is "rows" otherwise. A row of the post holding only "..." allows rows the
// post does not show. Every difference gets a message; Result.Message is
// the first ("node NAME: STATUS is "Ready", the post says "NotReady"") and
// how many more there are. Result.Diff (assertions.Diff, so normalized)
// shows the post's tables and the live ones in the post's column and row
// order, with ignored cells as <AGE> or <RESTARTS> and every live cell
// that counts as equal written as the post has it, so that only the
// reported differences stand out.
//
// # Commands
//
// IsGet tells which commands print output Compare understands; Substitute
// rewrites the author's names in later commands to the bound live names;
// GeneratedPrefix gives the stable part of a generated name.
package kubetable
