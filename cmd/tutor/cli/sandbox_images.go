package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tutor-run/tutor/engine/cluster"
	"github.com/tutor-run/tutor/engine/images"
)

// ImagesOptions are the inputs of `tutor sandbox images` and `tutor
// sandbox registry`.
type ImagesOptions struct {
	IO IOStreams
	// Action is build, list, add or registry.
	Action string
	// Dir is the image store; empty means images.DefaultDir().
	Dir string
	// Name and Src are add's NAME=DIR|TAR; Entrypoint its --entrypoint.
	Name, Src, Entrypoint string
	// Listen is the registry's address.
	Listen string
	// Cilium adds build's images of Cilium's chart, made from the binaries
	// of tutor sandbox install cilium.
	Cilium bool
}

// NewCmdSandboxImages builds `tutor sandbox images [build|list|add]`;
// runF does its work.
func NewCmdSandboxImages(streams IOStreams, runF func(context.Context, *ImagesOptions) error) *cobra.Command {
	opts := &ImagesOptions{IO: streams}
	action := func(name string) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, _ []string) error {
			opts.Action = name
			return runF(cmd.Context(), opts)
		}
	}
	cmd := &cobra.Command{
		Use:   "images",
		Short: "Build the container images the sandbox's node runs, from Debian packages, once",
		Long: `tutor sandbox images builds the images posts name into an image store in
$XDG_CACHE_HOME/tutor/images (default ~/.cache): nginx, curlimages/curl, busybox and
alpine (one shell image with curl, wget, dig, nslookup and ping) from this machine's
Debian apt sources, and registry.k8s.io/pause. The sandbox serves the store as the
mirror of every registry, so any tag of these works. With no subcommand it builds;
a later build is a no-op. 'add' puts an image of your own in the store.

With --cilium it also makes the images of Cilium ` + cluster.CiliumVersion + `'s chart (quay.io/cilium/cilium,
operator-generic, hubble-relay) from the binaries 'tutor sandbox install cilium' built
(found in $TUTOR_CILIUM_BIN, a checkout's .cache/cilium/bin, or the user cache), with
clang, llvm, iproute2 and iptables from Debian; again when those binaries change.`,
		Args: cobra.NoArgs,
		RunE: action("build"),
	}
	cmd.Flags().BoolVar(&opts.Cilium, "cilium", false, "also make the images of Cilium's chart from the binaries of 'tutor sandbox install cilium'")
	cmd.PersistentFlags().StringVar(&opts.Dir, "dir", "", "the image store (default $XDG_CACHE_HOME/tutor/images/VERSION)")
	add := &cobra.Command{
		Use:   "add NAME=DIR|TAR",
		Short: "Put an image in the store: a root file system directory, a docker save tar or an OCI layout tar",
		Long: `tutor sandbox images add NAME=SRC puts an image in the store under NAME (any tag of
it then works: NAME myapp serves myapp:1.0 and docker.io/library/myapp). SRC is a
directory holding a root file system (the image runs sh, or --entrypoint), or a tar
from 'docker save' or of an OCI image layout. An added image replaces a built one
of the same name.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, src, ok := strings.Cut(args[0], "=")
			if !ok || name == "" || src == "" {
				return &usageError{fmt.Errorf("add %q: want NAME=DIR|TAR", args[0])}
			}
			opts.Action, opts.Name, opts.Src = "add", name, src
			return runF(cmd.Context(), opts)
		},
	}
	add.Flags().StringVar(&opts.Entrypoint, "entrypoint", "", "the command a directory's image runs (default sh)")
	build := &cobra.Command{Use: "build", Short: "Build the images (a no-op when built)", Args: cobra.NoArgs, RunE: action("build")}
	build.Flags().BoolVar(&opts.Cilium, "cilium", false, "also make the images of Cilium's chart from the binaries of 'tutor sandbox install cilium'")
	cmd.AddCommand(
		build,
		&cobra.Command{Use: "list", Short: "List the store's images and the repositories they answer to", Args: cobra.NoArgs, RunE: action("list")},
		add,
	)
	return cmd
}

// NewCmdSandboxRegistry builds the hidden `tutor sandbox registry`, which
// the sandbox starts to serve the image store to its node's containerd.
func NewCmdSandboxRegistry(streams IOStreams, runF func(context.Context, *ImagesOptions) error) *cobra.Command {
	opts := &ImagesOptions{IO: streams}
	cmd := &cobra.Command{
		Use:    "registry",
		Short:  "Serve the image store read-only over the OCI distribution API until stopped",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Action = "registry"
			return runF(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "store", "", "the image store (default $XDG_CACHE_HOME/tutor/images/VERSION)")
	cmd.Flags().StringVar(&opts.Listen, "listen", "127.0.0.1:0", "the address to listen on; its first line on stdout is the one it got")
	return cmd
}

// imagesRun does the work of `tutor sandbox images` and `registry`.
func imagesRun(ctx context.Context, opts *ImagesOptions) error {
	switch opts.Action {
	case "build":
		o := images.Options{Dir: opts.Dir, Log: opts.IO.ErrOut}
		if opts.Cilium {
			bin, err := cluster.DefaultCiliumBinDir()
			if err == nil {
				err = cluster.CheckCiliumBinaries(bin)
			}
			if err != nil {
				return sandboxError(err)
			}
			o.Local = cluster.CiliumImages(bin)
		}
		s, err := images.Build(ctx, o)
		if err != nil {
			return installError(ctx, opts.IO, err)
		}
		printImages(opts.IO.Out, s)
		return nil
	case "list":
		s, err := openStore(opts.Dir)
		if err != nil {
			return err
		}
		printImages(opts.IO.Out, s)
		return nil
	case "add":
		return imagesAdd(ctx, opts)
	case "registry":
		return serveRegistry(ctx, opts)
	}
	return fmt.Errorf("sandbox images: unknown action %q", opts.Action)
}

// openStore opens the store in dir (default: the built one), an
// environment failure when there is none.
func openStore(dir string) (*images.Store, error) {
	if dir == "" {
		var err error
		if dir, err = images.DefaultDir(); err != nil {
			return nil, sandboxError(err)
		}
	}
	s, err := images.Open(dir)
	if err != nil {
		return nil, sandboxError(fmt.Errorf("no image store in %s: run 'tutor sandbox images build' first", dir))
	}
	return s, nil
}

// imagesAdd adds the image to the store, which it builds first when there
// is none.
func imagesAdd(ctx context.Context, opts *ImagesOptions) error {
	s, err := openStore(opts.Dir)
	if err != nil {
		if s, err = images.Build(ctx, images.Options{Dir: opts.Dir, Log: opts.IO.ErrOut}); err != nil {
			return installError(ctx, opts.IO, err)
		}
	}
	var entrypoint []string
	if opts.Entrypoint != "" {
		entrypoint = []string{opts.Entrypoint}
	}
	if err := s.Add(opts.Name, opts.Src, entrypoint...); err != nil {
		if errors.Is(err, images.ErrNoEntrypoint) {
			return &usageError{fmt.Errorf("%w: give it with --entrypoint", err)}
		}
		return &usageError{err}
	}
	img, _ := s.Resolve(opts.Name)
	fmt.Fprintf(opts.IO.Out, "added %s to %s: answers to %s\n", img.Name, s.Dir(), strings.Join(img.Repositories, ", "))
	return nil
}

// printImages writes the store's directory and a line per image.
func printImages(w io.Writer, s *images.Store) {
	fmt.Fprintf(w, "images: %s\n", s.Dir())
	for _, img := range s.Images() {
		fmt.Fprintf(w, "%-8s %-7s %7.1f MiB  %s  %s\n", img.Name, img.Source, float64(img.Size)/(1<<20),
			img.Digest.Hex[:12], strings.Join(img.Repositories, ", "))
	}
}

// serveRegistry serves the store until ctx ends, its address first on
// stdout and a line per request on stderr.
func serveRegistry(ctx context.Context, opts *ImagesOptions) error {
	s, err := openStore(opts.Dir)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return sandboxError(fmt.Errorf("registry: %w", err))
	}
	fmt.Fprintln(opts.IO.Out, l.Addr().String())
	if err := images.Serve(ctx, s, l, opts.IO.ErrOut); err != nil {
		return sandboxError(fmt.Errorf("registry: %w", err))
	}
	return nil
}
