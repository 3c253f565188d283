package images

import (
	"io/fs"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// KubernetesVersion is the Kubernetes release whose build/pause/linux/pause.c
// the pause image is compiled from.
const KubernetesVersion = "v1.37.2"

// formatVersion changes when the way Build turns a recipe into an image
// changes (the code, not the recipes' data), so that stores built before
// are built again.
const formatVersion = 1

// recipe is how Build makes one image from Debian packages: the packages
// and their dependency closure unpacked into a root file system, the files
// maintainer scripts would have made written by hand, and the image
// config.
type recipe struct {
	Name     string    `json:"name"`
	Repos    []string  `json:"repos"`    // canonical repositories it answers to
	Packages []string  `json:"packages"` // Debian packages; their Depends and Pre-Depends come too
	Busybox  bool      `json:"busybox"`  // link busybox's applets that no package provides
	CABundle bool      `json:"caBundle"` // write /etc/ssl/certs/ca-certificates.crt
	Files    []file    `json:"files"`
	Config   v1.Config `json:"config"`
}

// file is a file, directory or symlink a recipe writes into its root file
// system after the packages, replacing what is there.
type file struct {
	Path string      `json:"path"` // relative to the root
	Mode fs.FileMode `json:"mode"` // fs.ModeDir for a directory, fs.ModeSymlink for a link
	Data string      `json:"data"` // the contents, or the link's target
}

// baseFiles are in every image built from Debian packages: the accounts
// and name service configuration base-files and base-passwd would have
// made, and the world-writable temporary directories.
var baseFiles = []file{
	{Path: "etc/passwd", Mode: 0o644, Data: `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nginx:x:101:101:nginx:/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`},
	{Path: "etc/group", Mode: 0o644, Data: `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
www-data:x:33:
nginx:x:101:
nogroup:x:65534:
`},
	{Path: "etc/nsswitch.conf", Mode: 0o644, Data: `passwd: files
group: files
shadow: files
hosts: files dns
networks: files
protocols: files
services: files
`},
	// Where the runtime mounts devices, processes and sysfs.
	{Path: "dev", Mode: fs.ModeDir | 0o755},
	{Path: "proc", Mode: fs.ModeDir | 0o555},
	{Path: "sys", Mode: fs.ModeDir | 0o555},
	{Path: "root", Mode: fs.ModeDir | 0o700},
	{Path: "run", Mode: fs.ModeDir | 0o755},
	{Path: "tmp", Mode: fs.ModeDir | fs.ModeSticky | 0o777},
	{Path: "var/tmp", Mode: fs.ModeDir | fs.ModeSticky | 0o777},
}

// nginxPage is the nginx image's default page. Its title is the one posts
// check for when they curl a fresh nginx.
const nginxPage = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>This nginx runs in a tutor sandbox, from Debian's nginx package.
It serves /usr/share/nginx/html; the site is configured in
/etc/nginx/conf.d/default.conf.</p>
</body>
</html>
`

// nginxSite serves the default page on port 80, in the place the official
// image keeps its site, so that posts mounting their own default.conf
// there replace it.
const nginxSite = `# The sandbox's default site; replace this file to serve your own.
server {
    listen 80 default_server;
    server_name _;
    root /usr/share/nginx/html;
    index index.html index.htm;
    location / {
        try_files $uri $uri/ =404;
    }
}
`

// curlEntrypoint runs curl with the container's arguments unless the first
// one is a command (sh, curl itself), as curlimages/curl does: both
// "-- -s http://x" and "-- curl -s http://x" then work.
const curlEntrypoint = `#!/bin/sh
# Arguments that do not start with a command are curl's.
case "$1" in
'' | -*) set -- curl "$@" ;;
*) command -v "$1" >/dev/null 2>&1 || set -- curl "$@" ;;
esac
exec "$@"
`

// recipes are the images Build makes from Debian packages.
var recipes = []recipe{
	{
		Name:  "nginx",
		Repos: []string{"docker.io/library/nginx"},
		// bash, busybox's tools and curl, for the kubectl exec a post
		// runs in an nginx pod.
		Packages: []string{"nginx", "bash", "busybox-static", "curl", "ca-certificates"},
		Busybox:  true,
		CABundle: true,
		Files: []file{
			{Path: "etc/nginx/conf.d/default.conf", Mode: 0o644, Data: nginxSite},
			{Path: "usr/share/nginx/html/index.html", Mode: 0o644, Data: nginxPage},
			// Logs go to the container's output, as in the official image.
			{Path: "var/log/nginx/access.log", Mode: fs.ModeSymlink, Data: "/dev/stdout"},
			{Path: "var/log/nginx/error.log", Mode: fs.ModeSymlink, Data: "/dev/stderr"},
			{Path: "var/lib/nginx", Mode: fs.ModeDir | 0o755},
		},
		Config: v1.Config{
			Cmd:          []string{"nginx", "-g", "daemon off;"},
			ExposedPorts: map[string]struct{}{"80/tcp": {}},
			StopSignal:   "SIGQUIT",
		},
	},
	{
		Name:     "curl",
		Repos:    []string{"docker.io/curlimages/curl"},
		Packages: []string{"curl", "ca-certificates", "busybox-static"},
		Busybox:  true,
		CABundle: true,
		Files:    []file{{Path: "entrypoint.sh", Mode: 0o755, Data: curlEntrypoint}},
		Config:   v1.Config{Entrypoint: []string{"/entrypoint.sh"}, Cmd: []string{"curl"}},
	},
	{
		Name:     "shell",
		Repos:    []string{"docker.io/library/busybox", "docker.io/library/alpine"},
		Packages: []string{"busybox-static", "curl", "wget", "bind9-dnsutils", "iputils-ping", "ca-certificates"},
		Busybox:  true,
		CABundle: true,
		Config:   v1.Config{Cmd: []string{"sh"}},
	},
}

// pauseRecipe is the pause image: kubernetes' pause.c compiled statically.
var pauseRecipe = struct {
	Name       string   `json:"name"`
	Repos      []string `json:"repos"`
	Kubernetes string   `json:"kubernetes"`
}{"pause", []string{"registry.k8s.io/pause"}, KubernetesVersion}

// binaryRepos are the repositories the images of Options.Binaries answer
// to besides their own name, by name.
var binaryRepos = map[string][]string{
	"coredns": {"registry.k8s.io/coredns/coredns", "docker.io/coredns/coredns"},
}
