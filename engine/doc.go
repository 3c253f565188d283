/*
Package engine is tutor's library. This comment is the one place the
tutorial syntax is specified; the reader (engine/reader) implements it.

# Posts are ordinary markdown

A tutorial is a markdown post as people write them for a blog. tutor reads
it with goldmark and keeps what it needs:

  - Frontmatter. A Jekyll-style header between two "---" lines at the top is
    tolerated: layout, title, date, categories and any other key are
    ignored, except title (the tutorial's title) and tutor (settings, below).
  - Sections. Every heading (any level) starts a section. A section's id is
    the slug of its title ("3. Deploying AKS" is 3-deploying-aks); a second
    section with the same title gets "-2", a third "-3", so ids are stable
    and distinct. Steps before the first heading go to a section titled
    Preamble.
  - Code blocks, fenced or indented. The first word of the info string is
    the block's language. bash, sh, shell, console, zsh, terminal,
    shell-session and Innovation Engine's azurecli, azurecli-interactive
    and azure-cli blocks hold shell; yaml and yml blocks that have a
    top-level apiVersion or kind hold Kubernetes manifests (a yaml block
    whose first line is a command, cat <<EOF | kubectl apply -f -, is
    shell). terraform and hcl blocks, unlabelled blocks, indented blocks and
    blocks labelled one typo away from bash (base) hold commands when their
    first line is a command, and are shown otherwise. powershell, pwsh,
    azurepowershell*, cmd and bat blocks are for Windows: shown, not run.
    Kind's {{< codeFromInline lang="bash" >}} ... {{< /codeFromInline >}}
    shortcode is a block of its language. Every other block is shown.

# Transcripts

In a shell block, a line that starts with a prompt is a command, and the
lines after it, up to the next prompt, are the output the post claims for
it. Prompts:

	user@host:~$ cmd        user@host:path# cmd     (venv) user@host:~$ cmd
	[user@host dir]$ cmd    $ cmd                   PS C:\> cmd   PS> cmd
	# cmd                   (console, terminal and shell-session blocks only;
	                         in a bash block "# " starts a comment)

More prompts can be given as regular expressions in the frontmatter. A
command continues on the next line when it ends with a backslash, "|" or
"&&", has an open quote, or opens a here-document (<<EOF ... EOF, <<-EOF,
<<'EOF'); a leading "> " (bash's PS2) on a continuation line is removed. A
command ending with a lone "&" is a background step. Blank lines around an
output are not part of it; a command with no output pasted makes no claim
about its output, only about its exit status.

A block labelled text, markdown, yaml, none or unlabelled whose first line
is a prompt is a transcript too. A weak prompt counts only when a command
follows it: a root "# " (console blocks), busybox's "/ # ", "bash-5.1$ ",
"node $ "; so "# comment" lines that a cat prints stay output. Lines after a
command that opens an interactive program (redis-cli, psql) at that
program's prompt (127.0.0.1:6379>, postgres=#) are input to it, shown as
skipped. A command given bare before the prompts of its block is a command.

A line is a command when its first word is a tool, a shell builtin or
keyword, a path to an executable, an assignment, sudo, a tool the post has
already run, or an unknown word followed by flags, a pipe or a redirect. A
line is output when it is a table row (two or more column gaps), a result
kubectl prints ("pod/web created"), a "Key: value" line, a lone closing
bracket, or starts with neither a letter nor a path.

A shell block without prompts whose lines are all commands is a script and
runs as one step. When it also holds lines that are output, it is read as
commands each followed by the output pasted after it. In a post that shows
prompts anywhere, a shell block without any prompt whose first line is not a
command is an illustration (a pasted help text, a table of flags) and is not
run unless a run directive says so.

# Posts as others publish them

tutor reads posts written without it the way a careful reader does:

  - Output in its own block. A block right after a command block (no
    paragraph between), or after a paragraph that introduces output ("The
    output is similar to:", "You should see", "Output:", "For example:",
    "which produces the following output"), is the claimed output of the
    last command before it when it is labelled output, text, none,
    plaintext, txt, log or json, or when it is unlabelled, console or shell
    and its first line is not a command. A block whose first line repeats
    the command is its output after that line. An output block after a
    script of several commands belongs to the last: the script is split
    into one step per command. output blocks, and the block after an
    Innovation Engine comment, attach to the last command of the post, even
    across headings; a later output block for the same command replaces an
    earlier one. A paragraph that shows a failure ("Errors such as the
    following indicate a problem", and an "or" after it) makes its blocks
    illustrations.
  - Commands in prose. A code span after run, re-run, execute, type, enter,
    with or using whose text is a command of two words or more is a step
    ("To test, run `kubectl get nodes`."), unless the block after the
    paragraph starts with the same command.
  - Files to create. A paragraph that asks the reader to create, save,
    write or add a file it names ("Create a file named `app.yaml` with the
    following content:") makes the next block a file step: its text is
    written to that file in the run's working directory, and the post's own
    commands use it. A shell block is written only when the name is a
    script (.sh); a cat <<EOF > name command stays a command. The name waits
    past one command block that does not mention it.
  - Placeholders. <pod-name>, <EXTERNAL-IP> and Hugo shortcodes such as
    {{< param "version" >}} in a command are placeholders: lint warns with
    the line, and a run fills them from --var NAME=VALUE or the environment
    (POD_NAME) or skips the step with the reason.
  - Commands that never end. A foreground kubectl port-forward or proxy,
    minikube tunnel, cilium hubble port-forward, hubble ui, jekyll serve or
    python -m http.server is started in the background (a port-forward
    ready when it prints "Forwarding from"); a second port-forward to the
    same local port is an alternative and is skipped. kubectl get -w,
    kubectl logs -f, hubble observe -f, tail -f, watch, stern and ping
    without -c are watched for ObservationWindow (10s), then stopped, and
    what they printed is judged.
  - Interactive commands. kubectl exec -it POD -- sh opens a shell: the
    lines typed into it (at another prompt in its block, or in a block the
    prose says runs "inside the pod") run through kubectl exec POD -- sh -c,
    up to exit or the prompt it was opened from. kubectl run -it, docker run
    -it, ssh and minikube ssh open shells tutor cannot type into: what is
    typed into them is skipped with the reason. Editors, kubectl edit, read,
    su, passwd, ssh-keygen without -N, az login without a service principal,
    and REPLs without a command (redis-cli, psql, python) are skipped, and
    lint warns.
  - Alternatives. Microsoft Learn tabs (### [Azure CLI](#tab/azure-cli) up
    to a --- line) are sections of a group: the first tab runs, the others
    are skipped ("--tab NAME" picks another); what follows the --- is a
    section of its own. Sections headed for macOS, Windows, Homebrew or
    PowerShell, and blocks after a paragraph that starts "On macOS", are
    skipped: tutor runs the Linux steps.
  - Innovation Engine annotations. <!-- expected_similarity=0.8 --> and
    <!-- expected_similarity="REGEX" --> claim the next block as output. A
    regex Go cannot compile is a warning, and the step fails when it runs,
    as in Innovation Engine; a bad number and a mistyped name
    (expected__similarity, expected_results) are warnings and ignored.
  - Lint warns about a post with no runnable step and about a pod the post
    execs into, reads the logs of or forwards to when nothing in the post
    creates it (unless it applies manifests tutor cannot see).
  - Charts installed elsewhere. A block with no directive (any info
    string) whose text is Terraform's helm_release sets ({ "set1" = {
    ParamName = "k" ParamValue = "v" }, ... }) is read as Cilium's chart
    values when every name is under a top-level key of a Cilium chart
    (1.10 to 1.19) and one is Cilium's own (hubble, ipam,
    kubeProxyReplacement, k8sServiceHost, aksbyocni, nodeinit,
    cluster.name...): shown, not run, and named by tutor plan. The Cilium
    chart version a post names is, in this order, a helm install or upgrade
    of REPO/cilium with --version, a pasted cilium status "Helm chart
    version:" line, an image quay.io/cilium/cilium:vX; within each, the
    first release before a pre-release (a managed install shows a build
    such as 0.1.0-<commit>). See "A real node" for what a run does with
    them.

Aliases: "k" means kubectl. More come from the frontmatter; they are bash
aliases in the session, so commands are run as written.

# Frontmatter settings

	tutor:
	  aliases: {k: kubectl, kgp: "kubectl get pods"}
	  env: {RESOURCE_GROUP: rg-demo}   # set before the first step, in order
	  timeout: 2m                      # default per-step timeout (else 10m)
	  prompts: ['myhost> ']            # extra prompt patterns (RE2)
	  contexts: [aks-demo]             # kube contexts the post may use
	  sandbox: {nodes: 3, nodePrefix: aks-nodepool1-, realNodes: 1}   # shape of --sandbox
	  skip: "needs a GPU"              # opt out of runs over a directory

Unknown settings are errors. skip takes a reason in words (true or an
empty string is an error): the post is left out when a run or a plan finds
posts in a directory or by a glob, and the reason is listed among the posts
left out (see Selecting posts); naming the file itself still runs it.

# Directives

Directives are HTML comments, invisible when the post is rendered, that
start with "tutor:" and a verb:

	<!-- tutor: timeout 2m -->

One comment may hold several directives, one per line after "tutor:".
Arguments are words; "double quotes" take backslash escapes, 'single quotes'
are literal. Durations are Go durations (30s, 2m, 1m30s); those of
background, eventually and timeout may also be plain seconds (30), the
within of a cluster claim may not. An unknown verb, a bad argument, or a
directive with nothing to apply to is an error. The verbs, sorted:

	background [ready "REGEX"] [within DURATION]
	    Run the next block's command in the background; with ready, wait
	    (default 30s) until a line of its output matches REGEX. Background
	    steps are stopped when the run ends.
	cleanup
	    This section is cleanup: it runs after the others, whatever happened.
	delete
	    The next YAML block's objects are deleted instead of applied.
	env NAME=VALUE...
	    Export variables in the shell session at this point.
	eventually DURATION [every DURATION]
	    Re-run the next block's commands (which must be read-only) until
	    their claims hold, at most for DURATION, every second by default.
	expect exit N|nonzero|non-zero|fail|any
	    Claim an exit status (default 0); non-zero and fail are nonzero.
	expect contains|not-contains "TEXT"
	    Claim the output does (not) contain TEXT, as is.
	expect regex "RE2"
	    Claim the output matches RE2 in multi-line mode (^ and $ at lines).
	expect similarity N
	    Claim the normalized output is at least N (0..1) similar to the
	    pasted output.
	expect output ignore
	    Do not compare the pasted output.
	expect nodes|node ready|notready|not-ready [N|all]
	expect rollout [status] deployment|daemonset|statefulset/NAME [-n NS]
	expect pod|po ready NAME [-n NS]
	expect service|svc NAME [-n NS] has-ingress
	expect cilium ok [hubble]
	expect [no] flows|flow [from PEER] [to PEER] [port N] [verdict V]
	       [reason "TEXT"] [direction ingress|egress] [type T] [dns NAME]
	       [namespace NS] [label K=V] [protocol P]
	    A claim about the cluster, checked where it is written (not tied
	    to a block) until it holds, for up to 30s or "within DURATION".
	    node, po, svc and flow are the short names kubectl users reach
	    for. nodes claims that all nodes (and at least one) are Ready or
	    NotReady, or exactly N of them. rollout reads like kubectl rollout
	    status: the kind may be deploy, ds, sts or a plural, with or
	    without .apps, and "KIND NAME" is KIND/NAME. The name and ready or
	    has-ingress may come in either order; -n may be written
	    --namespace, -n=NS or --namespace=NS. cilium ok reads the agent
	    DaemonSet and the operator (and with hubble, the relay)
	    Deployments by cilium-cli's rules. flows asks Hubble's Observer
	    API for the flows since the section started; some must match
	    (none, with no, or with none anywhere after flows). A PEER is
	    [namespace/]pod-prefix, a label selector, a reserved identity
	    (world, host) or a DNS name; a verdict is a Hubble verdict
	    (FORWARDED, DROPPED, ...) in any case, and a type one that
	    hubble observe --type takes (drop, policy-verdict,
	    trace:to-overlay, ...).
	needs az|cilium|hubble|internet|pods...
	    This section needs these besides what its steps show (tutor sees
	    az, cilium and hubble commands and claims itself). pods is a node
	    that runs containers: the sandbox has one only with --real-nodes
	    1 (or tutor.sandbox.realNodes). When one is missing the section is
	    skipped with the reason, unless --require.
	no-wait
	    Apply the next YAML block without waiting for its workloads
	    (Deployments, DaemonSets, StatefulSets, Pods, LoadBalancer
	    Services) to become ready; by default tutor waits, by watching.
	output
	    The next block is the expected output of the previous command.
	run
	    Run the next shell block although it has no prompts.
	setup
	    The lines after "tutor: setup" up to "-->" are commands the post
	    relies on but does not show; they run at this point.
	skip [REASON]
	    Do not run the next block.
	skip-section [REASON]
	    Do not run this section.
	timeout DURATION
	    Per-step timeout for the next block's commands.
	values
	    The next block holds chart values for the next helm install or
	    upgrade of the section: YAML, or Terraform's helm_release shape
	    ("name" = { ParamName = "key" ParamValue = "value" }, ...). It is
	    shown, not run; --set items on the command line win over it.

A directive before a block applies to every command of that block; prefix it
with "step N:" to apply it to the Nth command only:

	<!-- tutor: step 2: expect exit 1 -->

contains, not-contains, regex, similarity and output ignore replace the
comparison with the pasted output; not-contains is checked besides it.

An example of each verb and form (the reader's tests read them all):

	<!-- tutor: background ready "Forwarding from" within 10 -->
	<!-- tutor: cleanup -->
	<!-- tutor: delete -->
	<!-- tutor: env RESOURCE_GROUP=rg-demo "GREETING=hello, world" -->
	<!-- tutor: eventually 2m every 5s -->
	<!-- tutor: expect exit non-zero -->
	<!-- tutor: expect not-contains "Error" -->
	<!-- tutor: expect regex "^Linux" -->
	<!-- tutor: expect similarity 0.8 -->
	<!-- tutor: expect output ignore -->
	<!-- tutor: expect node ready all within 2m -->
	<!-- tutor: expect rollout status deploy/web -n demo -->
	<!-- tutor: expect po ready testpod -->
	<!-- tutor: expect svc web -n demo has-ingress -->
	<!-- tutor: expect cilium ok hubble -->
	<!-- tutor: expect no flow from default/testpod to world verdict dropped -->
	<!-- tutor: needs internet -->
	<!-- tutor: no-wait -->
	<!-- tutor: output -->
	<!-- tutor: run -->
	<!-- tutor: setup
	  kind create cluster
	-->
	<!-- tutor: skip needs a GPU -->
	<!-- tutor: skip-section AKS only -->
	<!-- tutor:
	timeout 30
	expect contains "Running"
	-->
	<!-- tutor: values -->

Innovation Engine's comments are accepted as it means them: before a block
that holds the previous command's output,

	<!-- expected_similarity=0.8 -->      the output is at least 0.8 similar
	<!-- expected_similarity="REGEX" -->  the output matches REGEX

# Limits

Hostile input is refused before it is parsed, each with its line: files
over 64 MiB, lines over 1 MiB, more than 250,000 lines, lists and
blockquotes nested deeper than 32 levels, frontmatter over 64 KiB. Inline
markdown is read only in headings; directives belong on their own lines
(one inside a paragraph, a heading or a link is an error).

# How output is judged

Expected and actual output are normalized before they are compared: colour
codes and progress-meter carriage returns are removed; timestamps, ages and
durations (20m, 19h, 5m12s), pod-template hashes and random name suffixes,
IPv4/IPv6 addresses, ephemeral and node ports (30000 and up), sha256
digests, UUIDs and numeric identities such as (ID:2615) become placeholders
(<TIME>, <AGE>, <HASH>, <IP>, <PORT>, <DIGEST>, <UUID>, <ID>); runs of
spaces collapse, so column spacing does not matter. Words still count:
Ready is not NotReady, DROPPED is not FORWARDED, 301 is not 200. A line of
the expected output that is just "..." matches any number of lines. A
mismatch is shown as a diff of the normalized texts, placeholders visible.

Outputs are judged by what the command's output means, so that a faithful
rerun passes and a changed claim fails (assertions/judge picks the rule
from the command; `tutor plan` names it for each step):

	kubectl get, helm list,  a table: rows paired by name in any order, cells
	az -o table, kubectl     by column (names bound to the live ones, AGE,
	top, cilium endpoint     UPDATED and other times ignored; a column the
	list                     run adds or the author trimmed does not count)
	kubectl apply, create,   one fact per object (deployment/web applied,
	delete, scale, wait,     pod/probe deleted): order, API group and
	rollout status ...       created/configured/unchanged do not count; the
	                         final rollout line is the claim, not the waits
	kubectl describe         the pasted fields (Status, Image, Ready,
	                         Replicas ...) and event reasons; times, IPs,
	                         node, IDs and the Pulling event do not count; a
	                         Warning event the post does not show does
	-o json, -o yaml, jq,    the pasted keys and values: key order, fields a
	az's JSON                newer tool adds and volatile fields (uid,
	                         resourceVersion, timestamps, nodePort) do not
	                         count; lists of named objects are sets by name
	cilium status            facts: component states, ready counts (chart
	                         and image versions that changed are drift notes)
	cilium connectivity      the verdict: all passed, or which tests failed
	test
	hubble observe           sets of flow kinds (workloads, port, event,
	(compact, -o json,       verdict, L7 and DNS summary); order, times,
	-o table)                ephemeral ports, identities, TTLs and repeats do
	                         not count
	curl -i / -I / -v        status line and key headers (Location,
	                         Content-Type ...); a stalled progress meter
	                         claims the request gets no answer
	ping                     the target, whether replies came, the errors
	dig, nslookup, host      the status (NOERROR, NXDOMAIN) and the answered
	                         names and record types; addresses, TTLs, the
	                         server and the order do not count

Whatever the rule, text comparisons also forgive what a rerun changes
without changing the claim: advisory lines (kubectl "Warning:", helm's and
az's "WARNING:", preview, extension and deprecation notices, klog lines)
unless the pasted output is nothing but them; the number of "Waiting for
... rollout" lines; measurements (ping round trips and TTLs, DNS TTLs and
query times, byte counts, durations, home directories, subscription IDs,
AKS FQDN hashes, curl's wording of a failure with the same "curl: (N)"
status); JSON key order; and a line the author's terminal wrapped. A value
the author masked (REDACTED, ****, xxxxxxxx, <your-token>, XXXX inside an
ID, and tutor's own [REDACTED:NAME]) matches whatever the run printed
there, so a post that --update wrote passes the next run.

Tools: helm commands run through the helm v3 SDK against the session's
cluster (charts from repositories, --repo, directories, .tgz or oci://);
hubble observe runs through the Observer API (--hubble-server, or a
port-forward to kube-system/hubble-relay); cilium status, when the cilium
CLI is missing, is read from the cluster's objects.

A non-zero exit status fails a step unless claimed. Exit status 127 with
"command not found" is an environment failure (a tool is missing), not a
broken claim.

# Runs

Sections run in order. When a step fails, the rest of its section is not
run and later sections are blocked, unless --keep-going (with --update, a
step whose only broken claim is its pasted output blocks nothing, so one
run rewrites every stale output); cleanup sections
run at the end in any case. Shell steps run in one bash session: exported
and plain variables, the working directory, functions, aliases and set/shopt
options carry from step to step. Each step runs in its own process group,
killed when its timeout passes.

--record DIR keeps every executed step's command, output, exit status,
duration and fetched Hubble flows; --replay DIR judges the post against
them instead of executing (a changed command is an environment failure:
record again). With --sandbox, manifests, helm steps and claims about
cluster objects still go to the sandbox during a replay, and installing
the Cilium chart registers Cilium's policy kinds there, as its operator
would.

# Running many posts

tutor run covers many posts when it is given more than one PATH, a
directory or a glob (found as "Selecting posts" says), or any of -j,
--changed-since, --shard, --timings, --report-dir or --post-timeout.
Every post is read first: a malformed one stops the run before any step
runs (exit 2, each problem as file:line: message), unless --keep-going,
when it is reported as malformed and the others run. -j N (default 1)
runs N posts at once, each isolated from the others:

  - its own bash session, and its own process tracker: every process a
    step starts is followed, also one that leaves its process group
    (setsid, a daemon's double fork), in a cgroup v2 of its own where
    the hierarchy is writable (as root), else by an environment variable
    (TUTOR_PROCESS_GROUP) its processes inherit; the teardown stops what
    is left and lists it ("stopped a process that had left its process
    group: ...");
  - its own working directory: a private directory that links to every
    entry of the post's directory but its markdown files, so relative
    paths such as manifests/web.yaml work, while what a step writes there
    stays with the post and the docs tree is not written to (a path that
    climbs out with .. leaves it);
  - its own TMPDIR, run state, helm home and port-forwards;
  - with --sandbox, its own sandbox on free ports, started only when the
    post talks to a cluster (its needs include "cluster"): posts create
    cluster-wide objects and count nodes, so sharing one cluster between
    posts would let one post's claims see another's objects.

--section, --from-section, --timeout, --keep-going and the choices apply
to every post; --update, --diff, --record, --replay and --resume take one
post. --post-timeout D stops a post that runs longer than D as a whole;
it is reported as errored (exit 3), and a post that crashes tutor's
handling is reported the same way, never stopping the others.

On a terminal, one live line per running post shows its section, command
and time; as each post ends its whole report (what tutor run prints for
one post, with its notes) is printed at once, under a "━━ FILE" header,
so posts never interleave. Elsewhere (a CI log) a line every minute names
the posts still running. -q prints only the posts that did not pass.
The run ends with every post that did not pass (file:line: message of its
first failure), the counts and the exit status: 0 every claim of every
post held, 1 a claim broke, 2 a post is malformed, 3 the environment
failed a post, 130 interrupted (the worst wins, as for tutor report
merge). --report-dir DIR writes the combined reports of "Reports" there
(report.json, junit.xml, summary.md with --link-base, index.html and a
page per post); --report-json, --report-junit and --report-markdown
write the combined JSON, JUnit and Markdown to a file each, and
--report-html names a directory for the HTML index and pages.

# Selecting posts

A run or a plan of many posts is given PATHs (engine/posts implements
these rules):

  - A file is taken as is, whatever its name, and even when it opts out.
  - A directory is searched recursively for *.md files. Inside a git work
    tree, the files are those git ls-files --cached --others
    --exclude-standard lists: tracked, or untracked and not ignored by
    .gitignore, .git/info/exclude or core.excludesFile (a tracked file
    stays even if a pattern matches it; a directory git ignores holds no
    post). Outside a work tree every file counts. Below the directory
    given, node_modules and names that start with a dot (.git, .github,
    .draft.md) are skipped; name such a directory itself to search it.
  - A glob (quote it, so the shell leaves it alone) takes the files it
    matches, found as in a directory from the part before its first
    pattern character: * and ? within a name, [a-z], {a,b}, and ** as a
    whole path element for any number of directories (docs, ** and *.md
    joined by slashes: every .md file under docs). Its matches are taken
    whatever their extension.
  - From directories and globs, posts whose frontmatter says
    tutor.skip are left out, and listed with their reason. A post whose
    frontmatter cannot be read is kept: its run reports the problem. A
    markdown file with nothing to run is kept too; its run says so.

The posts are sorted, each once, with the paths as given (cleaned:
./docs/ gives docs/a.md). A file that does not exist is an error
("PATH: no such file"), as are a directory without a .md file and a glob
that matches no post ("GLOB: matches no post").

--changed-since REF keeps the posts that a change since the git revision
REF touches: the post itself changed, or a file one of its running steps
names by a relative path (kubectl apply -f manifests/web.yaml, helm
install -f values.yaml, source ./env.sh, cat < in.txt), resolved from the
post's directory and from any literal cd before it, or a file under a
directory it names (-f k8s/). A path the post writes before naming it (a
file step, > out.yaml, tee, cp and mv targets, curl -o) is its own, and
command names, ".", ".." and words with $ expansions name nothing. A
change is what git diff --name-only REF...HEAD lists (the commits since
HEAD's merge base with REF: a pull request's own commits, not what REF
gained since), plus staged, unstaged and untracked (not ignored) files;
renamed and deleted files count under their old names too. In CI, check
out the pull request's head with its history (actions/checkout with
fetch-depth: 0) and pass the base branch: --changed-since origin/main. An
unknown REF, one without history shared with HEAD, and a directory outside
a git work tree are errors.

--shard I/N runs the I-th of N shards (1-based) of the selected posts.
Each post is weighed by its duration in the latest earlier JSON report
that ran it to its end (--timings; matched by the report's tutorial file,
cleaned), or else estimated from its steps (5s a post, 2s a command, 20s
a manifest waited for, 60s a helm install or upgrade, 10s a cluster
claim, plus any watch window). Posts are dealt heaviest first, ties by
path, each to the shard with the least weight so far (the lowest number
on a tie), so every machine that has the same posts and reports computes
the same split, and every post is in exactly one shard.

tutor plan --matrix N [--timings REPORT]... [--changed-since REF] PATH...
prints that split as one line of JSON for GitHub Actions'
strategy.matrix (fromJSON): {"include": [{"shard": "1/3", "index": 1,
"total": 3, "posts": ["docs/a.md"], "weightMs": 1234, "needs":
["cluster"]}]}. There are at most as many shards as posts, so no job has
nothing to run; no post gives {"include": []}. needs is what the shard's
posts need from the machine: "cluster" when a step talks to a cluster
(kubectl, helm, cilium, hubble, a manifest, a cluster claim) and no step
makes its own (kind create cluster, az aks get-credentials, a
use-context), which tutor run --sandbox provides; "az", "cilium",
"hubble", "internet" and "pods" as the needs directive and the runner decide
them. Passing a job its posts ("posts") gives it exactly the planned
split; --shard recomputes it, and agrees when given the same PATHs and
reports.

Exit status of tutor run: 0 every claim held, 1 a claim broke, 2 the
tutorial or the usage is wrong (nothing is run), 3 the environment failed,
130 interrupted.

# Reports

tutor run writes a report of its post with --report-json, --report-junit,
--report-markdown (a GitHub job summary) and --report-html (one page that
loads nothing). The JSON report is the one machines read and the one tutor
reads back; its fields are stable and versioned:

	{"version": 1, "tutorial": {"file": "post.md", "title": "..."},
	 "started": "2024-05-01T10:00:00Z", "durationMs": 35200,
	 "exitCode": 1, "counts": {"passed": 4, "failed": 1, ...},
	 "tools": {...}, "failed": {"message": "...", "status": 2},
	 "sections": [{"id": ..., "title": ..., "line": 12, "status": ...,
	   "steps": [{"kind": "shell", "line": 14, "command": ..., "status": ...,
	     "failure": {"kind": "claim", "message": ..., "diff": ...}}]}]}

"failed" appears only when the post as a whole did not run to its end
(malformed: status 2; the environment: 3). engine/report's WriteJSON
documents every field.

tutor report merge [--out DIR] [--link-base URL] [--markdown FILE]
FILE|DIR... combines the JSON reports of many runs, such as the shards of a
CI job, into one. A DIR means every *.json file under it (but those in
--out). A post reported twice, say a shard run again, keeps its newest run
by start time, and the merge says which it dropped. It writes into --out
(default tutor-report): report.json, a combined report; junit.xml, one
testsuite per post named by its file; summary.md, a job summary that gives
the verdict and counts first, then every post that did not pass with its
broken steps, their diffs and a link to the line (--link-base, e.g.
https://github.com/OWNER/REPO/blob/SHA/, goes before the file; links are
relative without it), then the posts that passed, cut to fit GitHub's
1 MiB; and index.html, a table of the posts linking one page per post
under posts/. --markdown FILE appends the summary to FILE, e.g.
$GITHUB_STEP_SUMMARY. Every file is sorted by post, so the order in which
shards finished does not show. The combined report:

	{"version": 1, "exitCode": 2,
	 "counts": {"posts": 3, "passed": 1, "failed": 1, "malformed": 1,
	   "errored": 0, "interrupted": 0},
	 "sectionCounts": {"passed": 9, "failed": 1, ...},
	 "runs": [ each run as in a single report, sorted by file ]}

Exit status of tutor report merge: that of its worst post, where 130 (a
post was interrupted) wins over 3 (the environment failed), over 2 (a post
is malformed), over 1 (a claim broke), over 0 (every claim held); and 2
when an input is not a tutor report (each such file is named, file:
message, and nothing is written).

# In CI

The examples of docs CI live outside the engine: action.yml at the
repository's root is a composite GitHub Action that runs tutor run and
keeps its report; hack/ci/docs-workflow.yml is a workflow for a docs
repository (tutor plan --matrix shards, one job per shard, tutor report
merge); hack/ci/indexed-job.yaml runs the shards as a Kubernetes Indexed
Job. The README's "Docs CI" section walks through them.

# The sandbox

tutor run --sandbox and tutor sandbox up run a local control plane (etcd,
kube-apiserver, kube-controller-manager, kube-scheduler, kubectl v1.37.2
and kwok v0.8.0) from binaries that tutor sandbox install builds once with
the local go toolchain from the Go module proxy (10-15 minutes on 2 cores
the first time, about a minute when the Go build cache already holds the
packages, a no-op afterwards). The sources it builds are embedded in tutor,
so a tutor installed with

	go install github.com/tutor-run/tutor/cmd/tutor@VERSION

installs its sandbox from any directory, into the user cache
($XDG_CACHE_HOME, else ~/.cache on Linux, ~/Library/Caches on macOS):

	tutor/cluster/v1.37.2-v0.8.0-HASH/bin   the binaries; HASH names the embedded sources and build flags
	tutor/charts/cilium-VERSION             the official Cilium chart repository (index.yaml, cilium-X.tgz)

It builds into a temporary directory that it renames when done, under a
lock, so an interrupted or concurrent install never leaves a directory
that looks complete; --bin-dir DIR and --charts-dir DIR put them elsewhere,
and --print says where they are. The sandbox looks for the binaries in
$TUTOR_CLUSTER_BIN when it is set, else in .cache/cluster/bin of the tutor
checkout it runs in (make cluster-bin), else in the user cache. When none
holds them, --sandbox and sandbox up fail with exit status 3 and say to run
tutor sandbox install. A post that adds https://helm.cilium.io/ rehearses
offline with --helm-mirror https://helm.cilium.io/=DIR, DIR being the charts
directory install printed; tutor does not use it unasked, so a run is what
its command line says. A docs repository's CI runs, in its own tree:

	go install github.com/tutor-run/tutor/cmd/tutor@VERSION
	tutor sandbox install          # cache $XDG_CACHE_HOME/tutor between jobs to skip it
	tutor run --sandbox posts/install.md

The binary that holds the control plane holds kubelet and kube-proxy
v1.37.2 too, for the sandbox's real node. The node's other binaries, containerd v2.4.2 (containerd,
containerd-shim-runc-v2, ctr; pure Go) and CoreDNS v1.15.0 (with only the
plugins of a cluster's DNS), are built only when asked for by name:

	tutor sandbox install node     # make node-bin in a checkout, into .cache/node/bin

into tutor/node/containerd-VERSION-coredns-VERSION-HASH/bin of the user
cache, or $TUTOR_NODE_BIN; they are looked for in $TUTOR_NODE_BIN, then
.cache/node/bin of the checkout, then the user cache. The node also runs
the host's runc, CNI plugins (bridge, host-local, loopback and portmap, in
/usr/lib/cni or /opt/cni/bin), iptables and conntrack; on Debian and
Ubuntu, as root:

	apt-get install -y runc containernetworking-plugins iptables conntrack

# A real node

The simulated nodes store pods and mark them Ready, but run nothing. With
--real-nodes 1 (tutor run --sandbox --real-nodes 1, tutor sandbox up
--real-nodes 1, or the frontmatter's tutor.sandbox.realNodes: 1) node 0 is
real: kubelet v1.37.2 and kube-proxy (in the same multicall binary as the
control plane), containerd v2.4 with the host's runc, the bridge CNI plugin
and CoreDNS, and the other nodes stay simulated but tainted
tutor.run/simulated:NoSchedule, so pods go to the real one and a post that
counts nodes still sees them all. tutor sandbox status says which node is
real. It needs root, tutor sandbox install node (make node-bin) for
containerd and CoreDNS, tutor sandbox images (make images) for the images,
and the host's runc, CNI plugins and iptables (Debian: apt-get install -y
runc containernetworking-plugins iptables conntrack).

The node lives in a network namespace of its own, tutor-nK for the first
free slot K, joined to the host by a veth pair:

	10.250.K.1   the host's end: the API server, the image registry, CoreDNS
	10.250.K.2   the node (its InternalIP) and the LoadBalancer services' address
	10.251.K.0/24  its pods, on the bridge cni0 inside the namespace
	10.96.0.0/16   Services; 10.96.0.10 is kube-dns

so what kubelet, kube-proxy (iptables mode) and the CNI plugins change in
the network stays in that namespace, and sandboxes with real nodes can run
side by side (tutor run -j N). Pods' cgroups live under /tutor-nK (cgroup
v1 through cgroupfs, kubelet's failCgroupV1: false, since this kernel's
controllers are v1), containerd's sockets under /run/tutor-sandbox/nK,
kubelet's root directory (the pods' volumes) under /var/lib/tutor-sandbox/nK,
and containerd's data and the pods' logs under the state directory.
containerd pulls every image, from any registry and with any tag, from a
registry that tutor sandbox registry serves out of the local image store
(nginx:1.27 and nginx:1.14.2 are the same local nginx); an image the store
lacks fails the pod with an event that says how to add one (tutor sandbox
images add NAME=DIR|TAR). tutor sandbox down stops the processes, kills the
containers, unmounts what is mounted under the node's directories, deletes
the namespace (and with it the veths, the bridge and every iptables rule),
the pods' cgroups and the run directory, and puts back the sysctls kubelet
changed; it fails rather than remove a directory that still has a mount in
it.

A section whose claims need containers to run says so with needs pods: it
is skipped, with the reason, on a sandbox whose nodes are all simulated.

Cilium's own agent can run on the real node. tutor sandbox install cilium (make cilium-bin)
builds Cilium v1.14.0's agent, CLI, health checker, CNI plugin, generic
operator and Hubble Relay from source, against a copy patched for a kernel
without loadable modules (no /proc/modules), and keeps the BPF sources the
agent compiles at run time; tutor sandbox images build --cilium (make
cilium-images) makes quay.io/cilium/cilium (with Debian's clang, llvm,
bpftool, iproute2 and iptables), quay.io/cilium/operator-generic and
quay.io/cilium/hubble-relay from them. engine/cluster's PrepareCilium
readies the node for the chart and returns the values it needs there
(images without digests, the API server's address, Kubernetes IPAM from
the node's pod range, the node's CNI directories, VXLAN, kube-proxy kept,
no L7 proxy, the agent's capabilities without SYS_RESOURCE, everything on
the real node); tutor sandbox down then removes the agent's pinned maps,
/run/cilium and its CNI results, and puts kernel.timer_migration back.
kernel.unprivileged_bpf_disabled, which the agent sets to 1, stays so
until the machine reboots. One sandbox at a time can run the agent: its
maps and socket are the machine's.

A post's own helm install of cilium/cilium gets those values over its
own. A post that installs Cilium where tutor does not run (Terraform, a
section skipped for needs az) gets it from tutor: right before the first
section that needs cilium (or hubble) and would then run, when no step
of the post still to run installs Cilium itself (helm install or upgrade
of a chart named cilium, cilium install), tutor installs the chart
cilium from https://helm.cilium.io/ (--helm-mirror serves it) at the
version the post names, else the one its images are built for (1.14.0),
as release kube-system/cilium, with the post's Cilium chart values and
the sandbox's over them, and waits until expect cilium ok's claim holds. It says so before that
section and in the summary and reports ("Done by tutor, not by the
post": the version and where it came from, the post's values, those the
sandbox replaced); the teardown uninstalls the release. If the install
fails, that section fails with an environment error and tutor does not
try again.
*/
package engine
