package cilium

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// ReleaseName is the Helm release cilium-cli looks for.
const ReleaseName = "cilium"

// chartVersion is the version in the agent DaemonSet's helm.sh/chart
// label, else that of the deployed release secret, else "".
func chartVersion(ctx context.Context, cs kubernetes.Interface, ns string, agent *appsv1.DaemonSet) (string, error) {
	if agent != nil {
		if v, ok := strings.CutPrefix(agent.Labels["helm.sh/chart"], "cilium-"); ok {
			return v, nil
		}
	}
	list, err := cs.CoreV1().Secrets(ns).List(ctx, metav1.ListOptions{
		LabelSelector: "owner=helm,status=deployed,name=" + ReleaseName,
	})
	if err != nil {
		return "", fmt.Errorf("list helm release secrets: %w", err)
	}
	for _, sec := range list.Items {
		if v := releaseChartVersion(sec.Data["release"]); v != "" {
			return v, nil
		}
	}
	return "", nil
}

// releaseChartVersion decodes a Helm release (base64 of gzipped JSON, as
// Helm's secret driver stores it) and returns its chart's version; "" if
// it does not decode.
func releaseChartVersion(data []byte) string {
	raw, err := base64.StdEncoding.DecodeString(string(data))
	if err != nil {
		return ""
	}
	if zr, err := gzip.NewReader(bytes.NewReader(raw)); err == nil {
		if raw, err = io.ReadAll(zr); err != nil {
			return ""
		}
	}
	var rel struct {
		Chart struct {
			Metadata struct {
				Version string `json:"version"`
			} `json:"metadata"`
		} `json:"chart"`
	}
	if json.Unmarshal(raw, &rel) != nil {
		return ""
	}
	return rel.Chart.Metadata.Version
}
