package main

import "github.com/cilium/cilium/api/v1/flow"

// answers are the recorded run's steps, in the tutorial's order.
var answers = []answer{
	{match: "az group create", ms: 2841},
	{match: "az aks create --name aks-managedcilium", ms: 412_377},
	{match: "az aks get-credentials --name aks-managedcilium", ms: 1903,
		output: "Merged \"aks-managedcilium\" as current context in /home/learner/.kube/config\n"},
	{match: "cilium status", ms: 2210, output: managedStatus},
	{match: "az aks create --name aks-ciliumlab", ms: 388_154},
	{match: "az aks get-credentials --name aks-ciliumlab", ms: 1688,
		output: "Merged \"aks-ciliumlab\" as current context in /home/learner/.kube/config\n"},
	{match: "k get no", ms: 611, output: `NAME                                STATUS     ROLES   AGE   VERSION
aks-nodepool1-41559207-vmss000000   NotReady   agent   4m12s   v1.31.3
aks-nodepool1-41559207-vmss000001   NotReady   agent   4m9s    v1.31.3
aks-nodepool1-41559207-vmss000002   NotReady   agent   4m15s   v1.31.3
`},
	{match: "helm repo add cilium", ms: 702, output: "\"cilium\" has been added to your repositories\n"},
	{match: "helm install cilium", ms: 96_204, output: `NAME: cilium
LAST DEPLOYED: Wed Nov 25 22:38:51 2026
NAMESPACE: kube-system
STATUS: deployed
REVISION: 1
TEST SUITE: None
NOTES:
You have successfully installed Cilium with Hubble Relay and Hubble UI.

Your release version is 1.14.0.

For any further help, visit https://docs.cilium.io/en/v1.14/gettinghelp
`},
	{match: "assert: check: Cilium healthy", ms: 14_032, output: "cilium OK: Cilium, Operator, Hubble Relay OK; 4 workloads ready"},
	{match: "cilium status", ms: 1874, output: byocniStatus},
	{match: "assert: check: 3 node(s) Ready", ms: 38_410, output: "3 of 3 nodes Ready"},
	{match: "k get no", ms: 588, output: `NAME                                STATUS   ROLES   AGE   VERSION
aks-nodepool1-41559207-vmss000000   Ready    agent   7m40s   v1.31.3
aks-nodepool1-41559207-vmss000001   Ready    agent   7m37s   v1.31.3
aks-nodepool1-41559207-vmss000002   Ready    agent   7m43s   v1.31.3
`},
	{match: "manifest: apply Namespace/store", ms: 143, output: "namespace store serverside-applied\n"},
	{match: "manifest: apply Deployment/catalog", ms: 9120, output: "deployment.apps store/catalog serverside-applied\n"},
	{match: "manifest: apply Service/catalog", ms: 21_334, output: "service store/catalog serverside-applied\n"},
	{match: "assert: check: deployment store/catalog rolled out", ms: 61, output: "deployment store/catalog: 1 of 1 replicas updated and available"},
	{match: "assert: check: service store/catalog has an ingress address", ms: 47, output: "service store/catalog: ingress 52.191.7.233"},
	{match: "k get all -n store", ms: 702, output: `NAME                          READY   STATUS    RESTARTS   AGE
pod/catalog-5f7d9c8b6-vx9tm   1/1     Running   0          83s

NAME              TYPE           CLUSTER-IP    EXTERNAL-IP    PORT(S)        AGE
service/catalog   LoadBalancer   10.0.148.9    52.191.7.233   80:30627/TCP   62s

NAME                      READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/catalog   1/1     1            1           83s

NAME                                DESIRED   CURRENT   READY   AGE
replicaset.apps/catalog-5f7d9c8b6   1         1         1       83s
`},
	{match: "manifest: apply Pod/probe", ms: 7544, output: "pod default/probe serverside-applied\n"},
	{match: "assert: check: pod default/probe Ready", ms: 38, output: "pod default/probe: Ready"},
	{match: "k exec probe -- curl -s -i http://catalog.store", ms: 903, output: `HTTP/1.1 200 OK
Server: nginx/1.27.3
Date: Wed, 25 Nov 2026 22:47:12 GMT
Content-Type: text/html
Content-Length: 615
Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT
Connection: keep-alive
ETag: "6745ef54-267"
Accept-Ranges: bytes

<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
</body>
</html>
`},
	{match: "cilium hubble port-forward", ms: 1210, output: "Forwarding from 127.0.0.1:4245 -> 4245\nForwarding from [::1]:4245 -> 4245\n"},
	{match: "hubble observe --from-pod default/probe", ms: 811, flows: allowedFlows, compact: true},
	{match: "assert: check: Hubble saw flows from default/probe to store/catalog port 80 verdict FORWARDED", ms: 402,
		output: "5 flows match", flows: allowedFlows},
	{match: "manifest: apply CiliumNetworkPolicy/tour-deny-ingress", ms: 166, output: "ciliumnetworkpolicy.cilium.io store/tour-deny-ingress serverside-applied\n"},
	{match: "k exec probe -- curl -s -i --max-time 5", ms: 5391, exit: 28, output: "command terminated with exit code 28\n"},
	{match: "hubble observe --from-pod default/probe", ms: 744, compact: true,
		flows: func() []*flow.Flow { return deniedFlows(at("22:53:30", 377), 52914, 3) }},
	{match: "assert: check: Hubble saw flows from default/probe to store/catalog port 80 verdict DROPPED", ms: 388,
		output: "6 flows match", flows: func() []*flow.Flow { return deniedFlows(at("22:53:30", 377), 52914, 3) }},
	{match: "k create ns partners", ms: 402, output: "namespace/partners created\n"},
	{match: "k run partner", ms: 455, output: "pod/partner created\n"},
	{match: "manifest: apply CiliumNetworkPolicy/allow-partners", ms: 171, output: "ciliumnetworkpolicy.cilium.io store/allow-partners serverside-applied\n"},
	{match: "k exec probe -- curl -s -i --max-time 5", ms: 5402, exit: 28, output: "command terminated with exit code 28\n"},
	{match: "hubble observe --from-pod default/probe", ms: 730, compact: true,
		flows: func() []*flow.Flow { return deniedFlows(at("22:58:04", 910), 46082, 2) }},
	{match: "assert: check: Hubble saw no flows", ms: 395, output: "no flow matches (4 seen)",
		flows: func() []*flow.Flow { return deniedFlows(at("22:58:04", 910), 46082, 2) }},
	{match: "manifest: apply NetworkPolicy/tour-deny-egress", ms: 152, output: "networkpolicy.networking.k8s.io store/tour-deny-egress serverside-applied\n"},
	{match: "manifest: apply NetworkPolicy/tour-allow-dns", ms: 149, output: "networkpolicy.networking.k8s.io store/tour-allow-dns serverside-applied\n"},
	{match: "manifest: apply CiliumNetworkPolicy/tour-egress-google-only", ms: 163, output: "ciliumnetworkpolicy.cilium.io store/tour-egress-google-only serverside-applied\n"},
	{match: "k exec -n store catalog-6d8f7b9c4d-q7w2z -- curl -i http://google.com", ms: 1017, output: `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                 Dload  Upload   Total   Spent    Left  Speed
100   219  100   219    0     0   4187      0 --:--:-- --:--:-- --:--:--  4211
HTTP/1.1 301 Moved Permanently
Location: http://www.google.com/
Content-Type: text/html; charset=UTF-8
Content-Security-Policy-Report-Only: object-src 'none';base-uri 'self';script-src 'nonce-Qm9vdHN0cmFwX25vbmNl' 'strict-dynamic' 'report-sample' 'unsafe-eval' 'unsafe-inline' https: http:;report-uri https://csp.withgoogle.com/csp/gws/other-hp
Date: Wed, 25 Nov 2026 23:02:41 GMT
Expires: Fri, 25 Dec 2026 23:02:41 GMT
Cache-Control: public, max-age=2592000
Server: gws
Content-Length: 219
X-XSS-Protection: 0
X-Frame-Options: SAMEORIGIN

<HTML><HEAD><meta http-equiv="content-type" content="text/html;charset=utf-8">
<TITLE>301 Moved</TITLE></HEAD><BODY>
<H1>301 Moved</H1>
The document has moved
<A HREF="http://www.google.com/">here</A>.
</BODY></HTML>
`},
	{match: "k exec -n store catalog-6d8f7b9c4d-q7w2z -- curl -i --max-time 8 http://github.com", ms: 8034, exit: 28, output: `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                 Dload  Upload   Total   Spent    Left  Speed
  0     0    0     0    0     0      0      0 --:--:--  0:00:08 --:--:--     0
curl: (28) Connection timed out after 8002 milliseconds
command terminated with exit code 28
`},
	{match: "hubble observe --from-pod store/catalog", ms: 802, flows: egressFlows, compact: true},
	{match: "assert: check: Hubble saw flows from store/catalog to github.com", ms: 377, output: "6 flows match", flows: egressFlows},
	{match: "az group delete", ms: 3120},
}

const managedStatus = `    /¯¯\
 /¯¯\__/¯¯\    Cilium:             OK
 \__/¯¯\__/    Operator:           OK
 /¯¯\__/¯¯\    Envoy DaemonSet:    disabled (using embedded mode)
 \__/¯¯\__/    Hubble Relay:       disabled
    \__/       ClusterMesh:        disabled

DaemonSet              cilium             Desired: 3, Ready: 3/3, Available: 3/3
Deployment             cilium-operator    Desired: 2, Ready: 2/2, Available: 2/2
Containers:            cilium             Running: 3
                       cilium-operator    Running: 2
Cluster Pods:          11/11 managed by Cilium
Helm chart version:    0.1.0-7e2b9c4f1a6d3e8b5c0f9a2d4e6b8c1f3a5d7e9b
Image versions         cilium             mcr.microsoft.com/oss/cilium/cilium:1.14.15-1: 3
                       cilium-operator    mcr.microsoft.com/oss/cilium/operator-generic:1.14.15: 2
`

const byocniStatus = `    /¯¯\
 /¯¯\__/¯¯\    Cilium:             OK
 \__/¯¯\__/    Operator:           OK
 /¯¯\__/¯¯\    Envoy DaemonSet:    disabled (using embedded mode)
 \__/¯¯\__/    Hubble Relay:       OK
    \__/       ClusterMesh:        disabled

DaemonSet              cilium             Desired: 3, Ready: 3/3, Available: 3/3
Deployment             cilium-operator    Desired: 2, Ready: 2/2, Available: 2/2
Deployment             hubble-relay       Desired: 1, Ready: 1/1, Available: 1/1
Deployment             hubble-ui          Desired: 1, Ready: 1/1, Available: 1/1
Containers:            cilium             Running: 3
                       cilium-operator    Running: 2
                       hubble-relay       Running: 1
                       hubble-ui          Running: 1
Cluster Pods:          27/27 managed by Cilium
Helm chart version:    1.14.0
Image versions         cilium             quay.io/cilium/cilium:v1.14.0@sha256:5a94b561f4651fcfd85970a50bc78b201cfbd6e2ab1a03848eab25a82832653a: 3
                       cilium-operator    quay.io/cilium/operator-generic:v1.14.0@sha256:3014d4bcb8352f0ddef90fa3b5eb1bbf179b91024813a90a0066eb4517ba93c9: 2
                       hubble-relay       quay.io/cilium/hubble-relay:v1.14.0@sha256:bfe6ef86a1c0f1c3e8b105735aa31db64bcea97dd4732db6d0448c55a3c8e70c: 1
                       hubble-ui          quay.io/cilium/hubble-ui:v0.12.0@sha256:1c876cfa1d5e35bc91e1025c9314f922041592a88b03313c22c1f97a5d2ba88f: 1
                       hubble-ui          quay.io/cilium/hubble-ui-backend:v0.12.0@sha256:8a79a1aad4fc9c2aa2b3e4379af0af872a89fcec9d99e117188190671c66fc2e: 1
`
