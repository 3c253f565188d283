package runner

import (
	"context"
	"regexp"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/redact"
	"github.com/tutor-run/tutor/engine/result"
)

// secretAssignment finds NAME= in a command, for names that hold secrets.
var secretAssignment = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)=`)

// learnSecrets teaches the redactor the values of secret-named variables
// a step set (export AZURE_CLIENT_SECRET=...), so later output and this
// step's result hide them.
func (r *run) learnSecrets(ctx context.Context, st *model.Step) {
	if st.Kind != model.KindShell {
		return
	}
	for _, m := range secretAssignment.FindAllStringSubmatch(st.Command, -1) {
		if !redact.IsSecretName(m[1]) {
			continue
		}
		if v, err := r.session.Getenv(ctx, m[1]); err == nil && v != "" {
			r.opts.Redactor.AddEnv(m[1], v)
		}
	}
}

// redactResult hides secrets in what a step result carries to reports.
func (r *run) redactResult(res *result.Step) {
	red := r.opts.Redactor
	res.Output = red.String(res.Output)
	if f := res.Failure; f != nil {
		f.Message, f.Diff = red.String(f.Message), red.String(f.Diff)
	}
}
