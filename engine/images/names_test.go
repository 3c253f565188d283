package images

import "testing"

func TestRepository(t *testing.T) {
	for _, tc := range []struct {
		ref, want, err string
	}{
		{ref: "nginx", want: "docker.io/library/nginx"},
		{ref: "nginx:1.27", want: "docker.io/library/nginx"},
		{ref: "nginx:1.14.2", want: "docker.io/library/nginx"},
		{ref: "nginx@sha256:0123", want: "docker.io/library/nginx"},
		{ref: "library/nginx", want: "docker.io/library/nginx"},
		{ref: "docker.io/nginx", want: "docker.io/library/nginx"},
		{ref: "docker.io/library/nginx:latest", want: "docker.io/library/nginx"},
		{ref: "index.docker.io/library/nginx", want: "docker.io/library/nginx"},
		{ref: "curlimages/curl:8.8.0", want: "docker.io/curlimages/curl"},
		{ref: "busybox:1.36", want: "docker.io/library/busybox"},
		{ref: "registry.k8s.io/pause:3.10", want: "registry.k8s.io/pause"},
		{ref: "registry.k8s.io/coredns/coredns:v1.11.1", want: "registry.k8s.io/coredns/coredns"},
		{ref: "localhost/app", want: "localhost/app"},
		{ref: "localhost:5000/app:1", want: "localhost:5000/app"},
		{ref: "ghcr.io/Org/app", err: `image name "ghcr.io/Org/app": "Org" is not a valid repository path component (lowercase letters, digits, '.', '_', '-')`},
		{ref: "Nginx", err: `image name "Nginx": "Nginx" is not a valid repository path component (lowercase letters, digits, '.', '_', '-')`},
		{ref: "", err: `image name "": no repository`},
		{ref: "ghcr.io/", err: `image name "ghcr.io/": no repository`},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			got, err := Repository(tc.ref)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("Repository(%q) = %q, %v; want the error %q", tc.ref, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Repository(%q) = %q, %v; want %q", tc.ref, got, err, tc.want)
			}
		})
	}
}

// TestRepositoryAt: the names containerd sends a mirror, path and ?ns=.
func TestRepositoryAt(t *testing.T) {
	for _, tc := range []struct {
		ns, path, want string
	}{
		{ns: "docker.io", path: "library/nginx", want: "docker.io/library/nginx"},
		{ns: "", path: "library/nginx", want: "docker.io/library/nginx"},
		{ns: "", path: "nginx", want: "docker.io/library/nginx"},
		{ns: "index.docker.io", path: "curlimages/curl", want: "docker.io/curlimages/curl"},
		{ns: "registry.k8s.io", path: "pause", want: "registry.k8s.io/pause"},
		{ns: "registry.k8s.io", path: "coredns/coredns", want: "registry.k8s.io/coredns/coredns"},
		{ns: "ghcr.io", path: "org/app", want: "ghcr.io/org/app"},
	} {
		got, err := repositoryAt(tc.ns, tc.path)
		if err != nil || got != tc.want {
			t.Errorf("repositoryAt(%q, %q) = %q, %v; want %q", tc.ns, tc.path, got, err, tc.want)
		}
	}
}
