package email

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpServer is a Python script that runs aiosmtpd on a free port of the
// host given, prints the port, and saves each message it receives, as
// received, with its envelope. In "tls" mode it requires STARTTLS and
// accepts the login editrice / secret.
const smtpServer = `
import asyncio, json, os, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

outdir, host, mode = sys.argv[1], sys.argv[2], sys.argv[3]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(os.path.join(outdir, 'message.eml'), 'wb') as f:
            f.write(envelope.original_content)
        with open(os.path.join(outdir, 'envelope.json'), 'w') as f:
            json.dump({'from': envelope.mail_from, 'to': envelope.rcpt_tos,
                       'tls': session.ssl is not None, 'login': session.auth_data or ''}, f)
        return '250 Message accepted'

def authenticator(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b'editrice' and data.password == b'secret'
    return AuthResult(success=ok, handled=False, auth_data=data.login.decode() if ok else None)

async def main():
    kw = {}
    if mode == 'tls':
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(os.path.join(outdir, 'cert.pem'), os.path.join(outdir, 'key.pem'))
        kw = dict(tls_context=ctx, require_starttls=True, authenticator=authenticator, auth_require_tls=True)
    server = await asyncio.get_running_loop().create_server(lambda: SMTP(Handler(), **kw), host, 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
`

// aiosmtpd starts the server on host and returns its port and the folder
// where it saves what it receives; the server is stopped when the test
// ends.
func aiosmtpd(t *testing.T, host, mode string) (int, string) {
	t.Helper()
	py := python(t, "aiosmtpd")
	dir := t.TempDir()
	if mode == "tls" {
		writeCert(t, dir, host)
	}
	script := filepath.Join(dir, "server.py")
	if err := os.WriteFile(script, []byte(smtpServer), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, script, dir, host, mode)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	portc := make(chan int, 1)
	go func() {
		var port int
		line, _ := bufio.NewReader(out).ReadString('\n')
		_, err := fmt.Sscan(line, &port)
		if err != nil {
			port = 0
		}
		portc <- port
	}()
	select {
	case port := <-portc:
		if port == 0 {
			t.Fatalf("aiosmtpd did not start:\n%s", stderr.String())
		}
		return port, dir
	case <-time.After(20 * time.Second):
		t.Fatalf("aiosmtpd did not start in 20 s:\n%s", stderr.String())
	}
	return 0, ""
}

// writeCert writes a self-signed certificate for host (an IP address) and
// its key into dir.
func writeCert(t *testing.T, dir, host string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: host},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP(host)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

type envelope struct {
	From  string
	To    []string
	TLS   bool
	Login string
}

// received returns the message the server saved, without the trace fields
// a server may put first (Received, Return-Path, X-Peer, X-MailFrom,
// X-RcptTo; this one adds none), and its envelope.
func received(t *testing.T, dir string) ([]byte, envelope) {
	t.Helper()
	msg, err := os.ReadFile(filepath.Join(dir, "message.eml"))
	if err != nil {
		t.Fatalf("the server saved no message: %v", err)
	}
	for {
		line, rest, _ := bytes.Cut(msg, []byte("\r\n"))
		name, _, _ := bytes.Cut(line, []byte(":"))
		switch strings.ToLower(string(name)) {
		case "received", "return-path", "x-peer", "x-mailfrom", "x-rcptto":
			msg = rest
			for bytes.HasPrefix(msg, []byte(" ")) || bytes.HasPrefix(msg, []byte("\t")) {
				_, msg, _ = bytes.Cut(msg, []byte("\r\n"))
			}
			continue
		}
		break
	}
	var env envelope
	b, err := os.ReadFile(filepath.Join(dir, "envelope.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	return msg, env
}

func sampleBytes(t *testing.T) []byte {
	t.Helper()
	m := sampleMessage(t)
	msg, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestSendLoopback sends the sample message to aiosmtpd on 127.0.0.1,
// where no TLS is needed: the server must receive the very bytes.
func TestSendLoopback(t *testing.T) {
	port, dir := aiosmtpd(t, "127.0.0.1", "plain")
	msg := sampleBytes(t)
	if err := Send(testContext(t), SMTP{Host: "127.0.0.1", Port: port}, "contact@example.org", "editrice@example.org", msg); err != nil {
		t.Fatal(err)
	}
	got, env := received(t, dir)
	if !bytes.Equal(got, msg) {
		t.Errorf("the server received %d bytes that differ from the %d sent", len(got), len(msg))
	}
	if env.From != "contact@example.org" || len(env.To) != 1 || env.To[0] != "editrice@example.org" {
		t.Errorf("envelope %+v", env)
	}
}

// TestSendStartTLS sends to aiosmtpd on 127.0.0.2, which this package
// takes for a remote host: STARTTLS with a verified certificate, then
// AUTH PLAIN.
func TestSendStartTLS(t *testing.T) {
	port, dir := aiosmtpd(t, "127.0.0.2", "tls")
	certPEM, err := os.ReadFile(filepath.Join(dir, "cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(certPEM)
	msg := sampleBytes(t)
	s := SMTP{Host: "127.0.0.2", Port: port, User: "editrice", Password: "secret"}

	if err := send(testContext(t), s, "contact@example.org", "editrice@example.org", msg, nil); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an untrusted certificate: error %v, want one about the certificate", err)
	}
	bad := s
	bad.Password = "wrong"
	if err := send(testContext(t), bad, "contact@example.org", "editrice@example.org", msg, roots); err == nil {
		t.Error("a wrong password: no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "message.eml")); err == nil {
		t.Fatal("a message went through before the good send")
	}

	if err := send(testContext(t), s, "contact@example.org", "editrice@example.org", msg, roots); err != nil {
		t.Fatal(err)
	}
	got, env := received(t, dir)
	if !bytes.Equal(got, msg) {
		t.Errorf("the server received %d bytes that differ from the %d sent", len(got), len(msg))
	}
	if !env.TLS || env.Login != "editrice" {
		t.Errorf("envelope %+v: want TLS and the login editrice", env)
	}
}

// fakeServer is an SMTP server in Go, on addr, that offers no STARTTLS and
// records the commands it gets; with mute it says nothing at all.
func fakeServer(t *testing.T, addr string, mute bool) (int, func() []string) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	t.Cleanup(func() { ln.Close() })
	var mu sync.Mutex
	var cmds []string
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				mu.Lock()
				cmds = append(cmds, "CONNECT")
				mu.Unlock()
				if mute {
					time.Sleep(5 * time.Second)
					return
				}
				conn.SetDeadline(time.Now().Add(10 * time.Second))
				w := bufio.NewWriter(conn)
				r := bufio.NewReader(conn)
				w.WriteString("220 fake ESMTP\r\n")
				w.Flush()
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.Fields(line + " x")[0])
					mu.Lock()
					cmds = append(cmds, cmd)
					mu.Unlock()
					switch cmd {
					case "EHLO":
						w.WriteString("250-fake\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n")
					case "DATA":
						w.WriteString("354 go on\r\n")
						w.Flush()
						for line != ".\r\n" {
							if line, err = r.ReadString('\n'); err != nil {
								return
							}
						}
						w.WriteString("250 accepted\r\n")
					case "QUIT":
						w.WriteString("221 bye\r\n")
						w.Flush()
						return
					default:
						w.WriteString("250 ok\r\n")
					}
					w.Flush()
				}
			}()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	return port, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), cmds...)
	}
}

// TestSendRefusesCleartext checks that a server off the loopback host
// (127.0.0.2 counts as such) without STARTTLS gets neither the password
// nor the message.
func TestSendRefusesCleartext(t *testing.T) {
	port, cmds := fakeServer(t, "127.0.0.2:0", false)
	err := Send(testContext(t), SMTP{Host: "127.0.0.2", Port: port, User: "editrice", Password: "secret"}, "contact@example.org", "editrice@example.org", sampleBytes(t))
	if !errors.Is(err, ErrNoTLS) {
		t.Errorf("error %v, want ErrNoTLS", err)
	}
	for _, c := range cmds() {
		if c == "AUTH" || c == "MAIL" || c == "DATA" {
			t.Errorf("the server got %s in clear: %q", c, cmds())
		}
	}
}

// TestSendOneRecipient checks that a list of recipients is refused before
// any connection.
func TestSendOneRecipient(t *testing.T) {
	port, cmds := fakeServer(t, "127.0.0.1:0", false)
	for _, to := range []string{"a@example.org, b@example.org", "a@example.org;b@example.org", "Équipe <a@example.org>", "liste:a@example.org,b@example.org;", ""} {
		if err := Send(testContext(t), SMTP{Host: "127.0.0.1", Port: port}, "contact@example.org", to, sampleBytes(t)); err == nil {
			t.Errorf("Send to %q: no error", to)
		}
	}
	if c := cmds(); len(c) > 0 {
		t.Errorf("the server was reached: %q", c)
	}
	if err := Send(testContext(t), SMTP{Host: "127.0.0.1", Port: port}, "contact@example.org", "a@example.org", sampleBytes(t)); err != nil {
		t.Errorf("one address: %v", err)
	}
}

// TestSendTimeout checks that a server that never answers ends the send
// with the context.
func TestSendTimeout(t *testing.T) {
	port, _ := fakeServer(t, "127.0.0.1:0", true)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := Send(ctx, SMTP{Host: "127.0.0.1", Port: port}, "contact@example.org", "a@example.org", sampleBytes(t))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want one that wraps context.DeadlineExceeded", err)
	}
}
