package describe

import (
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
	"github.com/tutor-run/tutor/assertions/internal/ruletest"
)

const pod = `Name:         web-6c9f8d7b5d-2xkqp
Namespace:    shop
Node:         aks-nodepool1-123-vmss000000/10.224.0.4
Start Time:   Mon, 01 Jan 2024 10:00:00 +0000
Status:       Running
IP:           10.244.1.7
Containers:
  web:
    Image:          nginx:1.25
    State:          Running
      Started:      Mon, 01 Jan 2024 10:00:05 +0000
    Ready:          True
    Restart Count:  0
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  10s   default-scheduler  Successfully assigned shop/web-6c9f8d7b5d-2xkqp to aks-nodepool1-123-vmss000000
  Normal  Pulling    9s    kubelet            Pulling image "nginx:1.25"
  Normal  Pulled     5s    kubelet            Successfully pulled image "nginx:1.25" in 4.1s
  Normal  Started    5s    kubelet            Started container web
`

func TestCompare(t *testing.T) {
	rerun := `Name:         web-7d4b9c8f6-x8k2n
Namespace:    shop
Priority:     0
Node:         kwok-node-0/10.0.0.1
Start Time:   Sat, 05 Dec 2026 22:00:00 +0000
Status:       Running
IP:           10.0.1.9
Containers:
  web:
    Image:          nginx:1.25
    State:          Running
      Started:      Sat, 05 Dec 2026 22:00:01 +0000
    Ready:          True
    Restart Count:  0
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  3s    default-scheduler  Successfully assigned shop/web-7d4b9c8f6-x8k2n to kwok-node-0
  Normal  Pulled     2s    kubelet            Container image "nginx:1.25" already present on machine
  Normal  Started    2s    kubelet            Started container web
`
	ruletest.Run(t, Compare, []ruletest.Case{
		{Name: "rerun on another node with the image cached", Expected: pod, Actual: rerun, OK: true},
		{Name: "image changed", Expected: pod, Actual: fixture.Edit(t, rerun, "nginx:1.25", "nginx:1.27"), OK: false},
		{Name: "not ready", Expected: pod, Actual: fixture.Edit(t, rerun, "Ready:          True", "Ready:          False"), OK: false},
		{Name: "a warning event", Expected: pod, Actual: rerun + "  Warning  BackOff  1s  kubelet  Back-off restarting failed container\n", OK: false},
		{Name: "restarts", Expected: pod, Actual: fixture.Edit(t, rerun, "Restart Count:  0", "Restart Count:  4"), OK: false},
	})
}
