package helm

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/cli/values"
	"helm.sh/helm/v3/pkg/downloader"
	"helm.sh/helm/v3/pkg/registry"
	"helm.sh/helm/v3/pkg/repo"
	"helm.sh/helm/v3/pkg/strvals"
)

// loadChart finds cmd's chart (a local dir or .tgz, oci://, a name in the
// --repo repository, or repo/name of an added repository), downloading it
// into the repository cache, and loads it.
func (c *Client) loadChart(cmd Command) (*chart.Chart, error) {
	path, err := c.locateChart(cmd)
	if err != nil {
		return nil, err
	}
	ch, err := loader.Load(path)
	if err != nil {
		return nil, fmt.Errorf("helm: load chart %s: %w", cmd.Chart, err)
	}
	if req := ch.Metadata.Dependencies; req != nil {
		if err := action.CheckDependencies(ch, req); err != nil {
			return nil, fmt.Errorf("helm: chart %s: %w", cmd.Chart, err)
		}
	}
	if ch.Metadata.Deprecated {
		fmt.Fprintf(c.o.Out, "WARNING: This chart is deprecated\n")
	}
	return ch, nil
}

// locateChart returns the local path of cmd's chart.
func (c *Client) locateChart(cmd Command) (string, error) {
	name := strings.TrimSpace(cmd.Chart)
	version := strings.TrimSpace(cmd.Version)
	if version == "" && cmd.Devel {
		version = ">0.0.0-0"
	}
	local := c.path(name)
	if _, err := os.Stat(local); err == nil {
		return filepath.Abs(local)
	}
	if filepath.IsAbs(name) || strings.HasPrefix(name, ".") {
		return "", fmt.Errorf("helm: path %q not found", name)
	}
	dl := downloader.ChartDownloader{
		Out:              c.o.Out,
		Getters:          c.getters,
		RepositoryConfig: c.RepositoryConfig(),
		RepositoryCache:  c.o.repositoryCache(),
	}
	if registry.IsOCI(name) {
		rc, err := c.registryClient()
		if err != nil {
			return "", err
		}
		dl.RegistryClient = rc
	}
	if cmd.ChartRepo != "" {
		u, err := c.findInRepoURL(cmd.ChartRepo, name, version)
		if err != nil {
			return "", err
		}
		name = u
	}
	path, _, err := dl.DownloadTo(name, version, c.o.repositoryCache())
	if err != nil {
		return "", fmt.Errorf("helm: chart %s: %w", cmd.Chart, err)
	}
	return filepath.Abs(path)
}

// findInRepoURL returns the URL of chart name at version in the repository
// at repoURL. (helm's repo.FindChartInRepoURL would write its temporary
// index under the user's helm cache; this keeps it in the Client's home.)
func (c *Client) findInRepoURL(repoURL, name, version string) (string, error) {
	tmp, err := os.MkdirTemp(c.o.repositoryCache(), "find-")
	if err != nil {
		return "", fmt.Errorf("helm: %w", err)
	}
	defer os.RemoveAll(tmp)
	r, err := repo.NewChartRepository(&repo.Entry{Name: "find", URL: repoURL}, c.getters)
	if err != nil {
		return "", fmt.Errorf("helm: repo %s: %w", repoURL, err)
	}
	r.CachePath = tmp
	idxPath, err := r.DownloadIndexFile()
	if err != nil {
		return "", fmt.Errorf("helm: looks like %q is not a valid chart repository or cannot be reached: %w", repoURL, err)
	}
	idx, err := repo.LoadIndexFile(idxPath)
	if err != nil {
		return "", fmt.Errorf("helm: repo %s: %w", repoURL, err)
	}
	cv, err := idx.Get(name, version)
	if err != nil {
		return "", fmt.Errorf("helm: chart %q version %q not found in %s repository", name, version, repoURL)
	}
	if len(cv.URLs) == 0 {
		return "", fmt.Errorf("helm: chart %q version %q has no download URL in %s", name, cv.Version, repoURL)
	}
	return repo.ResolveReferenceURL(repoURL, cv.URLs[0])
}

// mergeValues merges, lowest precedence first: values files, the attached
// block, then --set-json, --set and --set-string items (helm's order for
// the flags).
func (c *Client) mergeValues(cmd Command, block map[string]any) (map[string]any, error) {
	files := make([]string, len(cmd.ValuesFiles))
	for i, f := range cmd.ValuesFiles {
		files[i] = f
		if !strings.Contains(f, "://") {
			files[i] = c.path(f)
		}
	}
	base, err := (&values.Options{ValueFiles: files}).MergeValues(c.getters)
	if err != nil {
		return nil, fmt.Errorf("helm: values: %w", err)
	}
	if len(block) > 0 {
		// MergeTables keeps dst's values: the block wins over files.
		base = chartutil.MergeTables(deepCopy(block), base)
	}
	for _, f := range []struct {
		name  string
		items []string
		parse func(string, map[string]any) error
	}{
		{"--set-json", cmd.SetJSON, strvals.ParseJSON},
		{"--set", cmd.Set, strvals.ParseInto},
		{"--set-string", cmd.SetString, strvals.ParseIntoString},
	} {
		for _, item := range f.items {
			if err := f.parse(item, base); err != nil {
				return nil, fmt.Errorf("helm: failed parsing %s data %q: %w", f.name, item, err)
			}
		}
	}
	return base, nil
}

// deepCopy copies the nested maps of m so merging does not change it.
func deepCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = deepCopy(sub)
		}
		out[k] = v
	}
	return out
}
