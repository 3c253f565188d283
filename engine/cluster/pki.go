package cluster

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Files under StateDir/pki. ECDSA P-256 keys throughout: they take
// microseconds to make, where RSA 2048 takes tens of milliseconds each.
const (
	caCert        = "ca.crt"
	caKey         = "ca.key"
	apiserverCert = "apiserver.crt"
	apiserverKey  = "apiserver.key"
	kwokCert      = "kwok.crt"
	kwokKey       = "kwok.key"
	adminCert     = "admin.crt" // system:masters; also the kubelet client certificate
	adminKey      = "admin.key"
	saKey         = "sa.key" // signs service account tokens
	saPub         = "sa.pub"
)

// certificate describes one leaf certificate signed by the cluster CA.
type certificate struct {
	cert, key string
	subject   pkix.Name
	usage     x509.ExtKeyUsage
	dnsNames  []string
	ips       []net.IP
}

// writePKI writes a new CA, the serving and client certificates, and the
// service account key pair to dir. The API server's certificate is good
// for loopback, the kubernetes Service and apiserverIPs.
func writePKI(dir string, apiserverIPs ...net.IP) error {
	now := time.Now()
	ca := &x509.Certificate{
		Subject:               pkix.Name{CommonName: "tutor-sandbox-ca"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	key, err := writeCert(dir, caCert, caKey, ca, nil, nil)
	if err != nil {
		return err
	}
	loopback := []net.IP{net.IPv4(127, 0, 0, 1)}
	leaves := []certificate{{
		cert: apiserverCert, key: apiserverKey,
		subject:  pkix.Name{CommonName: "kube-apiserver"},
		usage:    x509.ExtKeyUsageServerAuth,
		dnsNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
		ips:      append(append(loopback, net.IPv4(10, 96, 0, 1)), apiserverIPs...), // 10.96.0.1: the kubernetes service
	}, {
		cert: kwokCert, key: kwokKey,
		subject:  pkix.Name{CommonName: "kwok"},
		usage:    x509.ExtKeyUsageServerAuth,
		dnsNames: []string{"localhost"},
		ips:      loopback,
	}, {
		cert: adminCert, key: adminKey,
		subject: pkix.Name{CommonName: UserName, Organization: []string{"system:masters"}},
		usage:   x509.ExtKeyUsageClientAuth,
	}}
	for _, l := range leaves {
		tmpl := &x509.Certificate{
			Subject:     l.subject,
			NotBefore:   ca.NotBefore,
			NotAfter:    ca.NotAfter,
			KeyUsage:    x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{l.usage},
			DNSNames:    l.dnsNames,
			IPAddresses: l.ips,
		}
		if _, err := writeCert(dir, l.cert, l.key, tmpl, ca, key); err != nil {
			return err
		}
	}
	return writeServiceAccountKeys(dir)
}

// writeCert makes a key, signs tmpl with parent's key (itself when parent is
// nil) and writes both as PEM. It returns the new key.
func writeCert(dir, certFile, keyFile string, tmpl, parent *x509.Certificate, parentKey crypto.Signer) (crypto.Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate key for %s: %w", certFile, err)
	}
	if tmpl.SerialNumber, err = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127)); err != nil {
		return nil, fmt.Errorf("serial for %s: %w", certFile, err)
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		return nil, fmt.Errorf("sign %s: %w", certFile, err)
	}
	if parent == tmpl {
		// The CA's certificate object must carry what CreateCertificate
		// filled in (its subject key ID) to sign the leaves.
		if *tmpl, err = parseCert(der); err != nil {
			return nil, err
		}
	}
	if err := writePEM(filepath.Join(dir, certFile), "CERTIFICATE", der); err != nil {
		return nil, err
	}
	return key, writeECKey(filepath.Join(dir, keyFile), key)
}

func parseCert(der []byte) (x509.Certificate, error) {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return x509.Certificate{}, fmt.Errorf("parse certificate: %w", err)
	}
	return *c, nil
}

// writeServiceAccountKeys writes the key pair that signs and checks service
// account tokens.
func writeServiceAccountKeys(dir string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("generate service account key: %w", err)
	}
	pub, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return fmt.Errorf("marshal service account key: %w", err)
	}
	if err := writeECKey(filepath.Join(dir, saKey), key); err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, saPub), "PUBLIC KEY", pub)
}

func writeECKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return fmt.Errorf("marshal %s: %w", filepath.Base(path), err)
	}
	return writePEM(path, "EC PRIVATE KEY", der)
}

func writePEM(path, typ string, der []byte) error {
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}
