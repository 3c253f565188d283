package cluster_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/cluster"
)

// TestNodeHostTools finds the host's tools in PATH, then the sbin
// directories, and the CNI plugins in the first directory that holds them
// all; what is missing is named, with the line that installs it.
func TestNodeHostTools(t *testing.T) {
	root := t.TempDir()
	// put writes executables (or, with mode 0o644, plain files) into dir.
	put := func(dir string, mode os.FileMode, names ...string) string {
		dir = filepath.Join(root, dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), mode); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	path := put("path", 0o755, "runc", "iptables")
	sbin := put("sbin", 0o755, "iptables", "ip6tables", "conntrack")
	noexec := put("noexec", 0o644, "runc", "iptables", "ip6tables", "conntrack")
	cniAll := put("cni-all", 0o755, "bridge", "host-local", "loopback", "portmap", "dhcp")
	cniSome := put("cni-some", 0o755, "bridge", "loopback")
	empty := put("empty", 0o755)
	all := cluster.HostTools{
		Runc: filepath.Join(path, "runc"), Iptables: filepath.Join(path, "iptables"), Ip6tables: filepath.Join(sbin, "ip6tables"),
		Conntrack: filepath.Join(sbin, "conntrack"), CNIBinDir: cniAll,
	}
	for _, tc := range []struct {
		name    string
		path    string
		dirs    []string
		cni     []string
		want    cluster.HostTools
		missing string // the error's list; "" for none
	}{
		{name: "PATH first, then sbin", path: empty + ":" + path, dirs: []string{sbin}, cni: []string{cniAll}, want: all},
		{name: "the first complete CNI directory", path: path, dirs: []string{sbin}, cni: []string{empty, cniSome, cniAll}, want: all},
		{name: "not executable", path: noexec, dirs: []string{sbin}, cni: []string{cniAll},
			want:    cluster.HostTools{Iptables: filepath.Join(sbin, "iptables"), Ip6tables: all.Ip6tables, Conntrack: all.Conntrack, CNIBinDir: cniAll},
			missing: "runc"},
		{name: "no sbin, CNI plugins of a partial directory", path: path, cni: []string{empty, cniSome},
			want:    cluster.HostTools{Runc: all.Runc, Iptables: all.Iptables},
			missing: "ip6tables; conntrack; CNI plugins host-local, portmap in " + empty + " or " + cniSome},
		{name: "nothing", path: "", cni: []string{empty},
			missing: "runc; iptables; ip6tables; conntrack; CNI plugins bridge, host-local, loopback, portmap in " + empty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cluster.FindHostTools(tc.path, tc.dirs, tc.cni)
			if got != tc.want {
				t.Errorf("found %+v\nwant  %+v", got, tc.want)
			}
			if tc.missing == "" {
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			var missing *cluster.MissingHostToolsError
			if !errors.As(err, &missing) || strings.Join(missing.Missing, "; ") != tc.missing {
				t.Fatalf("error %#v, want %q missing", err, tc.missing)
			}
			if want := "install them with `apt-get install -y runc containernetworking-plugins iptables conntrack`"; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		})
	}
}
