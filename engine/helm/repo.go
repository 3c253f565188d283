package helm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"helm.sh/helm/v3/pkg/repo"
)

// repoAdd runs `helm repo add NAME URL`: it downloads the index into the
// cache, then records the repository in repositories.yaml.
func (c *Client) repoAdd(cmd Command) (Result, error) {
	if strings.Contains(cmd.RepoName, "/") {
		return Result{}, fmt.Errorf("helm repo add: repository name (%s) contains '/', please specify a different name without '/'", cmd.RepoName)
	}
	f, err := c.repoFile()
	if err != nil {
		return Result{}, err
	}
	entry := repo.Entry{Name: cmd.RepoName, URL: cmd.RepoURL}
	if old := f.Get(cmd.RepoName); old != nil && !cmd.ForceUpdate {
		if *old != entry {
			return Result{}, fmt.Errorf("helm repo add: repository name (%s) already exists, please specify a different name", cmd.RepoName)
		}
		return Result{Output: fmt.Sprintf("%q already exists with the same configuration, skipping\n", cmd.RepoName)}, nil
	}
	if err := c.downloadIndex(&entry); err != nil {
		return Result{}, fmt.Errorf("helm repo add: looks like %q is not a valid chart repository or cannot be reached: %w", cmd.RepoURL, err)
	}
	f.Update(&entry)
	if err := f.WriteFile(c.RepositoryConfig(), 0o600); err != nil {
		return Result{}, fmt.Errorf("helm repo add: %w", err)
	}
	return Result{Output: fmt.Sprintf("%q has been added to your repositories\n", cmd.RepoName)}, nil
}

// repoUpdate runs `helm repo update [NAME...]`.
func (c *Client) repoUpdate(cmd Command) (Result, error) {
	f, err := c.repoFile()
	if err != nil {
		return Result{}, err
	}
	if len(f.Repositories) == 0 {
		return Result{}, errors.New("helm repo update: no repositories found. You must add one before updating")
	}
	for _, name := range cmd.RepoNames {
		if !f.Has(name) {
			return Result{}, fmt.Errorf("helm repo update: no repositories found matching '%s'.  Nothing will be updated", name)
		}
	}
	var b strings.Builder
	b.WriteString("Hang tight while we grab the latest from your chart repositories...\n")
	var failed []string
	for _, e := range f.Repositories {
		if len(cmd.RepoNames) > 0 && !slices.Contains(cmd.RepoNames, e.Name) {
			continue
		}
		if err := c.downloadIndex(e); err != nil {
			fmt.Fprintf(&b, "...Unable to get an update from the %q chart repository (%s):\n\t%s\n", e.Name, e.URL, err)
			failed = append(failed, e.URL)
			continue
		}
		fmt.Fprintf(&b, "...Successfully got an update from the %q chart repository\n", e.Name)
	}
	b.WriteString("Update Complete. ⎈Happy Helming!⎈\n")
	res := Result{Output: b.String()}
	if len(failed) > 0 {
		return res, fmt.Errorf("helm repo update: failed to update the following repositories: %s", failed)
	}
	return res, nil
}

// repoFile reads repositories.yaml, empty when it does not exist yet.
func (c *Client) repoFile() (*repo.File, error) {
	f, err := repo.LoadFile(c.RepositoryConfig())
	if errors.Is(err, fs.ErrNotExist) || (err != nil && isNotExist(c.RepositoryConfig())) {
		return repo.NewFile(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("helm: %w", err)
	}
	return f, nil
}

func isNotExist(path string) bool {
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// downloadIndex fetches the index of e into the repository cache.
func (c *Client) downloadIndex(e *repo.Entry) error {
	r, err := repo.NewChartRepository(e, c.getters)
	if err != nil {
		return err
	}
	r.CachePath = c.o.repositoryCache()
	if err := os.MkdirAll(filepath.Dir(c.RepositoryConfig()), 0o755); err != nil {
		return err
	}
	_, err = r.DownloadIndexFile()
	return err
}
