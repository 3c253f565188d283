// Package images gives the sandbox's real node the container images posts
// name, with no registry and no Docker: Build makes a small set from
// Debian packages into a Store (an OCI image layout on disk), Add puts
// more in, and Registry serves the store read-only over the OCI
// distribution API, so that containerd, pointed at it as the mirror of
// every registry, pulls "nginx:1.27", "docker.io/library/nginx" or
// "busybox:1.36" from it under any tag.
//
// # The images
//
//   - nginx (docker.io/library/nginx): Debian's nginx, serving a default
//     page from /usr/share/nginx/html on port 80 (conf.d/default.conf),
//     logs to the container's output, "nginx -g 'daemon off;'"; with
//     bash, busybox's tools and curl for a post's kubectl exec.
//   - curl (docker.io/curlimages/curl): curl and the CA certificates; its
//     entrypoint passes arguments to curl unless the first is a command,
//     as curlimages/curl's does.
//   - shell (docker.io/library/busybox and docker.io/library/alpine):
//     busybox with its applets, curl, wget, dig and nslookup, ping; "sh".
//   - pause (registry.k8s.io/pause): kubernetes' pause.c compiled static.
//   - one image per Options.Binaries entry, its entrypoint the binary
//     (coredns also answers to registry.k8s.io/coredns/coredns and
//     docker.io/coredns/coredns).
//   - one image per Options.Local entry: Debian packages, as the built
//     images', with files and directories of this machine copied in
//     (engine/cluster.CiliumImages: Cilium's chart's images from the
//     binaries tutor sandbox install cilium builds), made again when a
//     copied file changes.
//
// # How the Debian images are made
//
// Each image is one layer: its packages and their dependency closure
// unpacked with dpkg-deb -x, then the files the packages' maintainer
// scripts would have made (which do not run in an unpacked tree) written
// by hand: accounts, temporary directories, the CA bundle, busybox's
// applet links, nginx's site. apt-get runs on the machine's apt sources
// with a private state under $XDG_CACHE_HOME/tutor/apt (lists, package
// cache, downloaded .debs and an empty dpkg status), so the host's apt
// state is neither used nor changed, and apt's own solver resolves the
// closure for an empty system ("apt-get -s install"), which picks one of
// each set of alternatives where a recursive apt-cache depends lists them
// all.
//
// This was chosen over mmdebstrap (--variant=extract) because it needs no
// package beyond apt and dpkg, and is faster: on this project's 2-core
// machine mmdebstrap took 7.6 s for the nginx tree alone, fetching the
// package lists and the packages again each run, while here the lists are
// refreshed once per build (about 1.5 s when unchanged) and the .debs
// are downloaded once and kept across builds.
//
// Layers are reproducible: entries in lexical order, owned by root, every
// time set to one fixed instant, so the same packages give the same
// digests. A store lives in $XDG_CACHE_HOME/tutor/images/<Version>,
// outside any checkout, and is built again only when the recipes change.
package images
