package kubetable

import "github.com/tutor-run/tutor/assertions/internal/fixture"

// Outputs as pasted in the seed article (aks-cilium-101), and outputs of
// the same commands in the shape kubectl prints them.
const (
	// getNo is `k get no`, before Cilium was installed.
	getNo = `NAME                                STATUS     ROLES   AGE   VERSION
aks-nodepool1-30325416-vmss000000   NotReady   agent   20m   v1.28.5
aks-nodepool1-30325416-vmss000001   NotReady   agent   20m   v1.28.5
aks-nodepool1-30325416-vmss000002   NotReady   agent   19m   v1.28.5
`
	// getAll is `k get all -n basics`.
	getAll = fixture.GetAll
	// liveAll is getAll from a new cluster: new hashes, addresses, node
	// port, ages, a restart, and columns aligned to other widths.
	liveAll = `NAME                               READY   STATUS    RESTARTS      AGE
pod/basicdeploy-7c9d5d6f4b-k2x7p   1/1     Running   1 (5m ago)    3m12s

NAME                  TYPE           CLUSTER-IP   EXTERNAL-IP    PORT(S)        AGE
service/basicdeploy   LoadBalancer   10.0.12.7    20.62.141.9    80:31234/TCP   4m

NAME                          READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/basicdeploy   1/1     1            1           4m

NAME                                     DESIRED   CURRENT   READY   AGE
replicaset.apps/basicdeploy-7c9d5d6f4b   1         1         1       4m
`
	// podsWide is `k get pods -o wide`.
	podsWide = `NAME                           READY   STATUS    RESTARTS      AGE   IP            NODE                                NOMINATED NODE   READINESS GATES
basicdeploy-65ff8695df-p58zr   1/1     Running   0             19h   10.244.1.17   aks-nodepool1-30325416-vmss000001   <none>           <none>
testpod                        1/1     Running   1 (20h ago)   20h   10.244.0.5    aks-nodepool1-30325416-vmss000000   <none>           <none>
`
	// podsAll is `k get pods -A`.
	podsAll = `NAMESPACE     NAME                               READY   STATUS    RESTARTS   AGE
basics        basicdeploy-65ff8695df-p58zr       1/1     Running   0          19h
default       testpod                            1/1     Running   0          20h
kube-system   cilium-operator-5d7f9b8c6d-2xk9p   1/1     Running   0          20h
kube-system   cilium-xkcdq                       1/1     Running   0          20h
kube-system   cilium-zt7wm                       1/1     Running   0          20h
kube-system   coredns-789789675-79xnk            1/1     Running   0          20h
`
)
