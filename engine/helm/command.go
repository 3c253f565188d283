package helm

import "time"

// DefaultTimeout is how long helm waits for an operation when --timeout is
// not given.
const DefaultTimeout = 5 * time.Minute

// Command is a parsed `helm ...` command line from a post.
type Command struct {
	// Verb is one of "repo add", "repo update", "install", "upgrade",
	// "uninstall", "list", "status".
	Verb string

	Release   string // release name (install, upgrade, uninstall, status)
	Chart     string // chart reference: repo/name, a dir, a .tgz, oci://, or a name with ChartRepo
	Namespace string // --namespace/-n; empty means the kubeconfig's namespace

	CreateNamespace bool // --create-namespace
	Install         bool // upgrade --install
	Wait            bool // --wait
	WaitForJobs     bool // --wait-for-jobs
	Atomic          bool // --atomic
	GenerateName    bool // install --generate-name
	Devel           bool // --devel
	ReuseValues     bool // upgrade --reuse-values
	ResetValues     bool // upgrade --reset-values
	AllNamespaces   bool // list --all-namespaces
	ForceUpdate     bool // repo add --force-update

	Version     string   // --version
	Set         []string // --set items, order kept
	SetString   []string // --set-string items
	SetJSON     []string // --set-json items
	ValuesFiles []string // -f/--values
	Description string   // --description

	// Timeout is --timeout; zero means DefaultTimeout.
	Timeout time.Duration

	RepoName  string   // repo add NAME
	RepoURL   string   // repo add URL
	RepoNames []string // repo update [NAME...]
	ChartRepo string   // --repo URL of install/upgrade

	KubeContext string // --kube-context
	Kubeconfig  string // --kubeconfig
}
