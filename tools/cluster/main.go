// Command k8s-local is one binary holding etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kubectl, for tutor's local
// control plane (see engine/cluster). One binary links the shared Kubernetes
// code once, which makes it a third of the size of separate binaries.
//
// It dispatches on the name it was started under (build.sh makes symlinks
// named after each component) or on its first argument:
//
//	k8s-local <etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubectl> [flags]
package main

import (
	"fmt"
	"os"
	"path/filepath"
	_ "time/tzdata" // CronJob time zones, as upstream's kube-apiserver and kcm

	"go.etcd.io/etcd/server/v3/etcdmain"
	_ "k8s.io/client-go/plugin/pkg/client/auth" // kubectl's auth plugins, as upstream
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	kubectl "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcm "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

const usage = "usage: k8s-local etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubectl [flags]"

func main() {
	args := os.Args
	name := filepath.Base(args[0])
	if _, ok := commands[name]; !ok && len(args) > 1 {
		name, args = args[1], args[1:]
	}
	run, ok := commands[name]
	if !ok {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	// The components read os.Args themselves (etcd's flags, kubectl's
	// plugin lookup), so they must see their own name first.
	os.Args = args
	os.Exit(run(args))
}

// commands maps a component name to its upstream main, returning an exit code.
var commands = map[string]func(args []string) int{
	"etcd": func(args []string) int {
		etcdmain.Main(args)
		return 0
	},
	"kube-apiserver": func([]string) int {
		return cli.Run(apiserver.NewAPIServerCommand())
	},
	"kube-controller-manager": func([]string) int {
		return cli.Run(kcm.NewControllerManagerCommand())
	},
	"kube-scheduler": func([]string) int {
		return cli.Run(scheduler.NewSchedulerCommand())
	},
	"kubectl": func(args []string) int {
		// As upstream: honour -v while the command is built (plugins, .kuberc).
		logs.GlogSetter(kubectl.GetLogVerbosity(args)) //nolint:errcheck
		if err := cli.RunNoErrOutput(kubectl.NewDefaultKubectlCommand()); err != nil {
			kubectlutil.CheckErr(err) // prints the error and exits non-zero
		}
		return 0
	},
}
