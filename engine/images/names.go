package images

import (
	"fmt"
	"regexp"
	"strings"
)

// dockerHub is the registry a name without a host belongs to, as docker
// and containerd read it.
const dockerHub = "docker.io"

// pathComponent is one part of a repository path, as the distribution
// spec allows it.
var pathComponent = regexp.MustCompile(`^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$`)

// Repository is the canonical name of ref without its tag or digest:
// host/path, with Docker Hub's defaults filled in as containerd fills them
// ("nginx:1.27" is docker.io/library/nginx, "curlimages/curl" is
// docker.io/curlimages/curl, "registry.k8s.io/pause:3.10" keeps its host).
func Repository(ref string) (string, error) {
	name := ref
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name = name[:i]
	}
	host, path := dockerHub, name
	if i := strings.IndexByte(name, '/'); i >= 0 {
		first := name[:i]
		if strings.ContainsAny(first, ".:") || first == "localhost" {
			host, path = first, name[i+1:]
		}
	}
	return join(host, path, ref)
}

// repositoryAt is the canonical name of path as a registry mirror is asked
// for it: ns is the upstream host containerd names in its ?ns= query,
// empty when the client talks to the registry directly.
func repositoryAt(ns, path string) (string, error) {
	if ns == "" {
		ns = dockerHub
	}
	return join(ns, path, ns+"/"+path)
}

// join checks host and path and fills in Docker Hub's aliases and its
// library/ prefix; what names them in an error.
func join(host, path, what string) (string, error) {
	host = strings.ToLower(host)
	switch host {
	case "index.docker.io", "registry-1.docker.io":
		host = dockerHub
	}
	if host == "" || path == "" {
		return "", fmt.Errorf("image name %q: no repository", what)
	}
	for _, c := range strings.Split(path, "/") {
		if !pathComponent.MatchString(c) {
			return "", fmt.Errorf("image name %q: %q is not a valid repository path component (lowercase letters, digits, '.', '_', '-')", what, c)
		}
	}
	if host == dockerHub && !strings.Contains(path, "/") {
		path = "library/" + path
	}
	return host + "/" + path, nil
}
