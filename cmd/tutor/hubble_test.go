package main

import (
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
)

// hubbleServe is the script command `hubble-serve denied|allowed`: it
// starts a Hubble Observer API server (engine/hubble/hubbletest, the real
// gRPC protocol) on loopback with the seed post's flows, timed just now,
// and sets $HUBBLE_SERVER to its address for the rest of the script.
func hubbleServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hubble-serve denied|allowed")
	}
	now := time.Now().Add(2 * time.Second) // after the section starts
	var flows = hubbletest.DeniedScenario(now, 3)
	if args[0] == "allowed" {
		flows = nil
		for i := range 4 {
			flows = append(flows, hubbletest.SeedFlow(hubbletest.OverlaySYN, now.Add(time.Duration(i)*time.Millisecond), 43414))
		}
	}
	srv, addr, err := hubbletest.Listen("127.0.0.1:0", flows...)
	ts.Check(err)
	ts.Defer(srv.Stop)
	ts.Setenv("HUBBLE_SERVER", addr)
}
