package redact

import "testing"

func TestIsSecretName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"AZURE_CLIENT_SECRET", true},
		{"ARM_CLIENT_SECRET", true},
		{"ARM_ACCESS_KEY", true},
		{"AZURE_STORAGE_KEY", true},
		{"AZURE_STORAGE_CONNECTION_STRING", true},
		{"AZURE_STORAGE_SAS_TOKEN", true},
		{"AWS_SECRET_ACCESS_KEY", true},
		{"AWS_ACCESS_KEY_ID", true},
		{"AWS_SESSION_TOKEN", true},
		{"GITHUB_TOKEN", true},
		{"GH_TOKEN", true},
		{"MY_TOKEN", true},
		{"DB_PASSWORD", true},
		{"DB_PASS", true},
		{"MYSQL_ROOT_PASSWD", true},
		{"OPENAI_API_KEY", true},
		{"APIKEY", true},
		{"SSH_PRIVATE_KEY", true},
		{"GOOGLE_CREDENTIALS", true},
		{"GITHUB_PAT", true},
		{"REGISTRY_PASSWORDS", true},
		{"token", true},
		{"clientSecret", true},
		{"ghtoken", true},
		{"GPG_PASSPHRASE", true},

		{"KEYBOARD", false},
		{"KEYBOARD_LAYOUT", false},
		{"TOKENIZERS_PARALLELISM", false},
		{"SECRETARY", false},
		{"MONKEY", false},
		{"SSH_PUBLIC_KEY", false},
		{"GPG_PUBKEY", false},
		{"KEY_VAULT_NAME", false},
		{"AZURE_KEYVAULT_NAME", false},
		{"SECRET_NAME", false},
		{"TOKEN_FILE", false},
		{"SSH_KEY_PATH", false},
		{"PASSWORD_FILE", false},
		{"BYPASS_PROXY", false},
		{"COMPASS", false},
		{"PATH", false},
		{"PWD", false},
		{"OLDPWD", false},
		{"HOME", false},
		{"KUBECONFIG", false},
		{"AZURE_CLIENT_ID", false},
		{"AZURE_TENANT_ID", false},
		{"SSH_AUTH_SOCK", false},
		{"CILIUM_VERSION", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsSecretName(tt.name); got != tt.want {
				t.Errorf("IsSecretName(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}
