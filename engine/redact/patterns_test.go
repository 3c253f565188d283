package redact

import "testing"

// jwt is a realistic service account token (header.payload.signature).
const jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IlVzcXlfQ2xJIn0.eyJhdWQiOlsiaHR0cHM6Ly9rdWJlcm5ldGVzLmRlZmF1bHQuc3ZjIl0sInN1YiI6InN5c3RlbTpzZXJ2aWNlYWNjb3VudDpkZWZhdWx0OmRlZmF1bHQifQ.kR3x_9sQe2mB7vZ-0pLq4TnHwY8cJdFa1gUoIeXrVbN"

func TestPatternsRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"kubeconfig client-key-data, not client-certificate-data",
			"users:\n- name: kind-kind\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURJVENDQWdtZ0F3SUJBZ0lJ\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB\n",
			"users:\n- name: kind-kind\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURJVENDQWdtZ0F3SUJBZ0lJ\n    client-key-data: [REDACTED]\n"},
		{"kubeconfig token",
			"- name: admin\n  user:\n    token: kubeconfig-u-abc12:x9z8y7w6v5t4s3r2q1\n",
			"- name: admin\n  user:\n    token: [REDACTED]\n"},
		{"kubeconfig basic auth password",
			"  user:\n    password: hunter2hunter2\n    username: admin\n",
			"  user:\n    password: [REDACTED]\n    username: admin\n"},
		{"auth-provider tokens",
			"        id-token: abc.def.ghi123\n        refresh-token: 1//0gLr8x\n",
			"        id-token: [REDACTED]\n        refresh-token: [REDACTED]\n"},
		{"az ad sp create-for-rbac",
			"{\n  \"appId\": \"2b5b2d1c-7a1e-4d2a-9d1f-3c5b9a1e0f11\",\n  \"displayName\": \"tutor-sp\",\n  \"password\": \"Xy8Q~abcDEF123ghiJKL456mnoPQR789stuVWX\",\n  \"tenant\": \"72f988bf-86f1-41af-91ab-2d7cd011db47\"\n}\n",
			"{\n  \"appId\": \"2b5b2d1c-7a1e-4d2a-9d1f-3c5b9a1e0f11\",\n  \"displayName\": \"tutor-sp\",\n  \"password\": \"[REDACTED]\",\n  \"tenant\": \"72f988bf-86f1-41af-91ab-2d7cd011db47\"\n}\n"},
		{"az account get-access-token",
			`{"accessToken": "` + jwt + `", "expiresOn": "2025-01-01 10:00:00.000000", "tokenType": "Bearer"}`,
			`{"accessToken": "[REDACTED]", "expiresOn": "2025-01-01 10:00:00.000000", "tokenType": "Bearer"}`},
		{"az login -p",
			"$ az login --service-principal -u 2b5b2d1c-7a1e-4d2a-9d1f-3c5b9a1e0f11 -p Xy8Q~abcDEF123ghi --tenant contoso.onmicrosoft.com",
			"$ az login --service-principal -u 2b5b2d1c-7a1e-4d2a-9d1f-3c5b9a1e0f11 -p [REDACTED] --tenant contoso.onmicrosoft.com"},
		{"az login --password quoted",
			`az login --service-principal --username app --password "Xy8Q~abc DEF" --tenant t`,
			`az login --service-principal --username app --password "[REDACTED]" --tenant t`},
		{"--client-secret",
			"az aks create -g rg -n aks --service-principal app --client-secret Xy8Q~abcDEF123",
			"az aks create -g rg -n aks --service-principal app --client-secret [REDACTED]"},
		{"docker login -p",
			"docker login -u robot -p s3cr3tpass registry.example.com",
			"docker login -u robot -p [REDACTED] registry.example.com"},
		{"--token with space and =",
			"kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:0a1b2c\nkubectl --token=s3cr3t-t0ken get pods",
			"kubeadm join 10.0.0.1:6443 --token [REDACTED] --discovery-token-ca-cert-hash sha256:0a1b2c\nkubectl --token=[REDACTED] get pods"},
		{"--from-literal password",
			"kubectl create secret generic db --from-literal=username=app --from-literal=password=s3cr3t",
			"kubectl create secret generic db --from-literal=username=app --from-literal=password=[REDACTED]"},
		{"env assignment",
			"export GITHUB_TOKEN=0123456789abcdef\nDB_PASSWORD='pa ss'",
			"export GITHUB_TOKEN=[REDACTED]\nDB_PASSWORD='[REDACTED]'"},
		{"curl -v bearer",
			"> GET /api/v1/namespaces HTTP/1.1\n> Host: 127.0.0.1:6443\n> Authorization: Bearer " + jwt + "\n> Accept: */*\n",
			"> GET /api/v1/namespaces HTTP/1.1\n> Host: 127.0.0.1:6443\n> Authorization: Bearer [REDACTED]\n> Accept: */*\n"},
		{"basic auth header",
			"Authorization: Basic dXNlcjpwYXNzd29yZA==",
			"Authorization: Basic [REDACTED]"},
		{"bearer in prose with a real token",
			"use the bearer sha256~AbCdEfGh0123456789xyz to log in",
			"use the bearer [REDACTED] to log in"},
		{"jwt alone",
			"$ kubectl create token default\n" + jwt + "\n",
			"$ kubectl create token default\n[REDACTED]\n"},
		{"describe secret",
			"Data\n====\nca.crt:     1099 bytes\nnamespace:  7 bytes\ntoken:      " + jwt + "\n",
			"Data\n====\nca.crt:     1099 bytes\nnamespace:  7 bytes\ntoken:      [REDACTED]\n"},
		{"secret yaml data",
			"apiVersion: v1\ndata:\n  password: czNjcjN0LXZhbHVl\n  username: YWRtaW4=\nkind: Secret\n",
			"apiVersion: v1\ndata:\n  password: [REDACTED]\n  username: YWRtaW4=\nkind: Secret\n"},
		{"pem private key",
			"$ cat tls.key\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAwJ0s1Q8mZ\nq8Vx3kT2bLw==\n-----END RSA PRIVATE KEY-----\n$ echo done\n",
			"$ cat tls.key\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n-----END RSA PRIVATE KEY-----\n$ echo done\n"},
		{"pem in json",
			`{"cert": "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n", "key": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\nabc=\n-----END EC PRIVATE KEY-----\n"}`,
			`{"cert": "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n", "key": "-----BEGIN EC PRIVATE KEY-----\n[REDACTED]\n-----END EC PRIVATE KEY-----\n"}`},
		{"pem without end",
			"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
			"-----BEGIN OPENSSH PRIVATE KEY-----\n[REDACTED]"},
		{"sas url",
			"https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2025-01-01T00:00:00Z&spr=https&sig=abcDEF123%2Bxyz%3D",
			"https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2025-01-01T00:00:00Z&spr=https&sig=[REDACTED]"},
		{"storage connection string",
			"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc123DEF456+ghi789==;EndpointSuffix=core.windows.net",
			"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED];EndpointSuffix=core.windows.net"},
		{"service bus connection string",
			"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=abcDEF123+xyz=",
			"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=[REDACTED]"},
		{"shared access signature",
			"BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=xyz%3D",
			"BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=[REDACTED]"},
		{"aws credentials file",
			"[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
			"[default]\naws_access_key_id = [REDACTED]\naws_secret_access_key = [REDACTED]\n"},
		{"github tokens",
			"using ghp_16C7e42F292c6912E7710c838347Ae178B4a and github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJK",
			"using [REDACTED] and [REDACTED]"},
		{"storage flags",
			`az storage blob upload --account-key abc123DEF456+ghi789== --sas-token "sv=2022&sig=xyz%3D" -f x`,
			`az storage blob upload --account-key [REDACTED] --sas-token "[REDACTED]" -f x`},
		{"json authorization header",
			`{"headers": {"Authorization": "Bearer abcDEF123ghiJKL456", "Proxy-Authorization": "Basic dXNlcjpwYXNz"}}`,
			`{"headers": {"Authorization": "Bearer [REDACTED]", "Proxy-Authorization": "Basic [REDACTED]"}}`},
		{"query string password",
			"GET /login?user=app&password=s3cr3t-pw&next=/home",
			"GET /login?user=app&password=[REDACTED]&next=/home"},
		{"azure storage account key",
			"$ az storage account keys list -n acct --query [0].value -o tsv\nBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEFCQ0RFRg==\n",
			"$ az storage account keys list -n acct --query [0].value -o tsv\n[REDACTED]\n"},
		{"url password",
			"DATABASE_URL: postgres://app:s3cr3tpw@db.example.com:5432/app",
			"DATABASE_URL: postgres://app:[REDACTED]@db.example.com:5432/app"},
	}
	r := New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.String(tt.in); got != tt.want {
				t.Errorf("String:\n got %q\nwant %q", got, tt.want)
			}
			if got := r.String(tt.want); got != tt.want {
				t.Errorf("String is not idempotent:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestPatternsLeaveOrdinaryOutput(t *testing.T) {
	tests := []struct{ name, in string }{
		{"kubectl get pods", `NAMESPACE     NAME                                         READY   STATUS    RESTARTS   AGE
kube-system   cilium-5ztqk                                 1/1     Running   0          12m
kube-system   cilium-operator-6d8b8c9c9f-xk2lp             1/1     Running   0          12m
kube-system   hubble-relay-7b4c8d9f5b-2m4kq                1/1     Running   0          10m
default       deathstar-6f87496b9d-7qkjw                   1/1     Running   0          3m
`},
		{"cilium status", `    /¯¯\
 /¯¯\__/¯¯\    Cilium:             OK
 \__/¯¯\__/    Operator:           OK
 /¯¯\__/¯¯\    Envoy DaemonSet:    disabled (using embedded mode)
 \__/¯¯\__/    Hubble Relay:       OK
    \__/       ClusterMesh:        disabled

DaemonSet              cilium             Desired: 2, Ready: 2/2, Available: 2/2
Containers:            cilium             Running: 2
Cluster Pods:          5/5 managed by Cilium
Helm chart version:    1.15.1
Image versions         cilium             quay.io/cilium/cilium:v1.15.1@sha256:18d44ad1a1d5aa7d1a8c0e6c4b8d5d1e1a5b5f2b6c8d9e0f1a2b3c4d5e6f7a8b: 2
                       hubble-relay       quay.io/cilium/hubble-relay:v1.15.1@sha256:3254aaf85064bc1567e8ce01ad634b6dd269e91858c83be99e47e685d4bb8012: 1
`},
		{"hubble observe", `Feb  7 10:21:33.512: default/xwing:41324 (ID:12345) -> default/deathstar-6f87496b9d-7qkjw:80 (ID:23456) http-request DROPPED (HTTP/1.1 PUT http://deathstar.default.svc.cluster.local/v1/exhaust-port)
Feb  7 10:21:33.513: default/tiefighter:52110 (ID:34567) -> default/deathstar-6f87496b9d-7qkjw:80 (ID:23456) to-endpoint FORWARDED (TCP Flags: SYN)
`},
		{"curl -v without credentials", `*   Trying 10.96.0.10:80...
* Connected to deathstar (10.96.0.10) port 80 (#0)
> POST /v1/request-landing HTTP/1.1
> Host: deathstar.default.svc.cluster.local
> User-Agent: curl/8.5.0
> Accept: */*
< HTTP/1.1 200 OK
< content-type: text/plain
Ship landed
`},
		{"digests and uuids", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n2b5b2d1c-7a1e-4d2a-9d1f-3c5b9a1e0f11\n"},
		{"describe serviceaccount", "Name:                default\nNamespace:           default\nImage pull secrets:  <none>\nMountable secrets:   <none>\nTokens:              <none>\nEvents:              <none>\n"},
		{"pod yaml", `spec:
  automountServiceAccountToken: false
  containers:
  - name: web
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-x2k9p
  volumes:
  - name: kube-api-access-x2k9p
    projected:
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
  - name: tls
    secret:
      secretName: web-tls
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/os
            operator: In
`},
		{"kubectl get secrets", "NAME                          TYPE                                  DATA   AGE\nsh.helm.release.v1.cilium.v1  helm.sh/release.v1                    1      5m\ndefault-token-x2k9p           kubernetes.io/service-account-token   3      1d\n"},
		{"kubectl config view", "    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n    token: REDACTED\n"},
		{"describe secret sizes", "Data\n====\npassword:  8 bytes\nusername:  5 bytes\n"},
		{"shell variables in commands", `curl -H "Authorization: Bearer $TOKEN" https://api.example.com
az login --service-principal -u "$APP_ID" -p "$AZURE_CLIENT_SECRET" --tenant "$TENANT"
kubectl create secret generic db --from-literal=password=${DB_PASSWORD}
export MY_TOKEN=$(az account get-access-token --query accessToken -o tsv)
echo "$GITHUB_TOKEN" | docker login ghcr.io -u me --password-stdin
`},
		{"prose", "Kubernetes uses bearer tokens for service accounts; the token controller signs them.\nPass --token to kubectl, or a password of your own.\n"},
		{"short -p flags", "mkdir -p /tmp/work\nssh -p 2222 core@node\ndocker run -p 8080:80 nginx\n"},
		{"helm and cilium config", "helm install cilium cilium/cilium --version 1.15.1 --namespace kube-system --set encryption.enabled=true --set encryption.type=wireguard\nenable-ipsec-key-watcher                 true\nipsec-key-file: /etc/ipsec/keys\n"},
		{"azure json", `{"location": "southeastasia", "keyVaultName": "kv-tutor", "secretName": "db", "provisioningState": "Succeeded"}`},
		{"long base64 ending in ==", "    certificate-authority-data: AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIj5adpKuyucDHztXc4+rx+P8GDRQbIikwNz5FTFNaYWhvdn2Ei5KZoKeutbzDytHY3+bt9PsCCRAXHiUsMzpBSE9WXWRrcnmAh46VnKOqsbi/xs3U2+Lp8Pf+BQwTGiEoLzY9REtSWWBnbnV8g4qRmJ+mrbS7wsnQ197l7PP6AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09rh6O/2/QQLEhkgJy41PENKUVhfZm10e4KJkJeepayzusHIz9bd5Ovy+QAHDhUcIyoxOD9GTVRbYmlwd36FjJOaoaivtr3Ey9LZ4Ofu9fwDChEYHyYtNA==\n"},
		{"kubectl get sa", "NAME      SECRETS   AGE\ndefault   0         3d\n"},
		{"placeholders", "password: <your-password>\ntoken: ****\npassword: null\nsecret: {}\n"},
	}
	r := New(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.String(tt.in); got != tt.in {
				t.Errorf("String changed ordinary output:\n got %q\nwant %q", got, tt.in)
			}
		})
	}
}
