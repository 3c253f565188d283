package assertions

import "testing"

func TestUnmask(t *testing.T) {
	tests := []struct {
		name, expected, actual string
		ok                     bool
	}{
		{"word", "token=REDACTED\n", "token=abc123\n", true},
		{"tutor's marker", "token: [REDACTED:API_TOKEN]\n", "token: s3cr3t\n", true},
		{"stars", "password: ********\nuser: admin\n", "password: hunter2\nuser: admin\n", true},
		{"placeholder", "Bearer <your-token>\n", "Bearer eyJhbGciOi\n", true},
		{"inside an id", "/subscriptions/XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX/resourceGroups/rg\n", "/subscriptions/1b2c3d4e-0000-4a4a-8b8b-123456789abc/resourceGroups/rg\n", true},
		{"lower x", "client id: xxxxxxxx\n", "client id: 9f8e7d6c\n", true},
		{"visible part changed", "token=abc-REDACTED\n", "token=xyz-123\n", false},
		{"key changed", "token=REDACTED\n", "secret=abc\n", false},
		{"other line changed", "token=REDACTED\nstatus: ok\n", "token=abc\nstatus: failed\n", false},
		{"none is a claim", "IP: <none>\n", "IP: 10.0.0.1\n", false},
		{"pending is a claim", "EXTERNAL-IP: <pending>\n", "EXTERNAL-IP: 20.1.2.3\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Output(Unmask(tt.expected, tt.actual), tt.actual)
			if got.OK != tt.ok {
				t.Errorf("OK = %v, want %v: %s", got.OK, tt.ok, got.Message)
			}
		})
	}
}
