package helm

import (
	"errors"
	"reflect"
	"testing"
)

// seedBlock is the values block of the seed post, exactly.
const seedBlock = `{

    "set1" = {
      ParamName  = "hubble.relay.enabled"
      ParamValue = "true"
    },
    "set2" = {
      ParamName  = "hubble.ui.enabled"
      ParamValue = "true"
    },
    "set3" = {
      ParamName  = "aksbyocni.enabled"
      ParamValue = "true"
    },
    "set4" = {
      ParamName  = "nodeinit.enabled"
      ParamValue = "true"
    },
    "set5" = {
      ParamName  = "kubeProxyReplacement"
      ParamValue = "true"
    },
    "set6" = {
      ParamName  = "k8sServiceHost"
      ParamValue = "aksciliumlab-p68lm1x0.hcp.eastus.azmk8s.io"
    },
    "set7" = {
      ParamName  = "k8sServicePort"
      ParamValue = "443"
    }
  }
`

// seedValues is what the seed block means as --set items.
var seedValues = map[string]any{
	"hubble":               map[string]any{"relay": map[string]any{"enabled": true}, "ui": map[string]any{"enabled": true}},
	"aksbyocni":            map[string]any{"enabled": true},
	"nodeinit":             map[string]any{"enabled": true},
	"kubeProxyReplacement": true,
	"k8sServiceHost":       "aksciliumlab-p68lm1x0.hcp.eastus.azmk8s.io",
	"k8sServicePort":       int64(443),
}

// TestParseValues checks that helm's ParseValues is chartvalues.Parse, on
// the block the Cilium benchmarks install with.
func TestParseValues(t *testing.T) {
	got, err := ParseValues(seedBlock)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, seedValues) {
		t.Errorf("got  %#v\nwant %#v", got, seedValues)
	}
	_, err = ParseValues("{\n  a = { ParamName = \"x\" }\n}")
	var ve *ValuesError
	if !errors.As(err, &ve) || ve.Line != 2 {
		t.Errorf("err = %v, want a *ValuesError at line 2", err)
	}
}
