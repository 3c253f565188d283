package posts

import (
	"reflect"
	"testing"

	"github.com/tutor-run/tutor/engine/reader"
)

// TestNames reads the files a post's steps name, resolved against the
// post's directory.
func TestNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		post string
		want []string
	}{
		{name: "apply a manifest", post: "```bash\nkubectl apply -f manifests/web.yaml\n```\n", want: []string{"docs/manifests/web.yaml"}},
		{name: "helm values, alias, flag=value", post: "```console\n$ helm install web ./chart -f values.yaml --values=more/values.yaml\n$ k apply --filename=./a.yaml\n```\n",
			want: []string{"docs/chart", "docs/values.yaml", "docs/more/values.yaml", "docs/a.yaml"}},
		{name: "source, dot and a script", post: "```console\n$ source ./env.sh\n$ . lib/common.sh\n$ ./deploy.sh --fast\n```\n",
			want: []string{"docs/env.sh", "docs/lib/common.sh", "docs/deploy.sh"}},
		{name: "key=path", post: "```console\n$ kubectl create configmap app --from-file=config=conf/app.ini\n```\n",
			want: []string{"docs/config=conf/app.ini", "docs/conf/app.ini"}},
		{name: "quoted words count, expansions do not", post: "```console\n$ cat 'a b.txt' \"c.txt\" $HOME/x \"$DIR/y\" /etc/hosts ~/z https://x.example/y.yaml\n```\n",
			want: []string{"docs/a b.txt", "docs/c.txt"}},
		{name: "up and out", post: "```console\n$ kubectl apply -f ../shared/ns.yaml -f . -f ..\n```\n", want: []string{"shared/ns.yaml"}},
		{name: "input redirect names, output writes", post: "```console\n$ kubectl apply -f - < in.yaml > out.txt\n$ cat out.txt\n```\n", want: []string{"docs/in.yaml"}},
		{name: "a file step writes", post: "Create a file named `app.yaml` with:\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n```\n\n```console\n$ kubectl apply -f app.yaml\n```\n", want: nil},
		{name: "named before it is written", post: "```console\n$ kubectl apply -f app.yaml\n$ cat <<EOF > app.yaml\nkind: Namespace\nEOF\n$ kubectl apply -f app.yaml\n```\n", want: []string{"docs/app.yaml"}},
		{name: "tee, cp, curl -o write", post: "```console\n$ echo x | tee -a log.txt\n$ cp src/a.conf dst.conf\n$ curl -sSL -o get.sh https://x.example/get.sh\n$ cat log.txt dst.conf get.sh\n```\n",
			want: []string{"docs/src/a.conf"}},
		{name: "cd moves", post: "```console\n$ cd app\n$ kubectl apply -f k8s/\n$ cd ../other && ls readme.txt\n```\n",
			want: []string{"docs/app/k8s", "docs/other", "docs/other/readme.txt"}},
		{name: "cd to a computed place stops", post: "```console\n$ cd \"$(mktemp -d)\"\n$ kubectl apply -f web.yaml\n```\n", want: nil},
		{name: "skipped and shown blocks name nothing", post: "<!-- tutor: skip not now -->\n```console\n$ kubectl apply -f skipped.yaml\n```\n\n```text\nkubectl apply -f shown.yaml\n```\n", want: nil},
		{name: "inside a pod names nothing", post: "```console\n$ kubectl exec -it web -- sh\n/ # cat local.txt\n/ # exit\n```\n", want: nil},
		{name: "a placeholder the shell cannot parse", post: "```console\n$ kubectl logs <pod-name> -f log.yaml\n```\n", want: []string{"docs/log.yaml", "docs/pod-name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tut, err := reader.Read("docs/post.md", []byte("# Post\n\n"+tc.post))
			if err != nil {
				t.Fatal(err)
			}
			got := Names(tut, "docs")
			// Arguments that are words, not files (get, web), resolve
			// too; they only matter when a file of that name changes.
			got = withoutWords(got, "docs/install", "docs/web", "docs/apply", "docs/create", "docs/configmap", "docs/app",
				"docs/x", "docs/sh", "docs/exec", "docs/logs", "docs/-it", "docs/--", "docs/app/apply", "docs/other/ls")
			want := tc.want
			if !reflect.DeepEqual(got, want) {
				t.Errorf("names\n got %q\nwant %q", got, want)
			}
		})
	}
}

func withoutWords(names []string, drop ...string) []string {
	var out []string
	for _, n := range names {
		keep := true
		for _, d := range drop {
			if n == d {
				keep = false
			}
		}
		if keep {
			out = append(out, n)
		}
	}
	return out
}
