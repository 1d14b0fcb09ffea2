package email

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// SMTP is the server a test edition is sent through.
type SMTP struct {
	Host     string
	Port     int // 0 means 587 (submission with STARTTLS); 465 means TLS from the start
	User     string
	Password string // used only over TLS, or on a loopback host
}

// SendTimeout bounds a send whose context has no deadline.
const SendTimeout = time.Minute

// ErrNoTLS is returned when a server that is not on the loopback host
// does not offer STARTTLS: the message and the password would cross the
// network in clear.
var ErrNoTLS = errors.New("the server does not offer STARTTLS, which is required off the loopback host")

// Send sends msg, an RFC 5322 message such as Message.Bytes writes, from
// the address from to the single address to (a list is refused: a test
// send goes to one mailbox), through the server s. Off the loopback host
// (localhost, 127.0.0.1, ::1) the connection must be encrypted, with
// STARTTLS or, on port 465, TLS from the start, and the server's
// certificate must be valid for s.Host; on the loopback host the message
// goes in clear. The password is sent (AUTH PLAIN) only when s.User is
// set. Send gives up when ctx ends, or after SendTimeout when ctx has no
// deadline.
func Send(ctx context.Context, s SMTP, from, to string, msg []byte) error {
	return send(ctx, s, from, to, msg, nil)
}

// send is Send, with the certificate authorities to trust (nil for the
// system's), which tests set.
func send(ctx context.Context, s SMTP, from, to string, msg []byte, roots *x509.CertPool) error {
	if strings.ContainsAny(to, ",;") {
		return fmt.Errorf("email: send to %q: one recipient only, never a list", to)
	}
	if err := checkAddress("to", to); err != nil {
		return err
	}
	if err := checkAddress("from", from); err != nil {
		return err
	}
	if s.Host == "" {
		return errors.New("email: no SMTP host")
	}
	port := s.Port
	if port == 0 {
		port = 587
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(port))
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, SendTimeout)
		defer cancel()
	}
	err := dialAndSend(ctx, s, port, addr, from, to, msg, roots)
	if err != nil {
		if ctx.Err() != nil {
			err = errors.Join(ctx.Err(), err)
		}
		return fmt.Errorf("email: send through %s: %w", addr, err)
	}
	return nil
}

func dialAndSend(ctx context.Context, s SMTP, port int, addr, from, to string, msg []byte, roots *x509.CertPool) error {
	loopback := isLoopback(s.Host)
	tlsConfig := &tls.Config{ServerName: s.Host, RootCAs: roots, MinVersion: tls.VersionTLS12}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The connection closes when ctx ends (rather than at a deadline of
	// its own, which could fire before ctx reports why).
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	secure := false
	if port == 465 {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		conn, secure = tc, true
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	if !secure && !loopback {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return ErrNoTLS
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			return err
		}
		secure = true
	}
	if s.User != "" {
		if !secure && !loopback {
			return ErrNoTLS // not reached: kept next to the password's use
		}
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server offers no AUTH, and a user is set")
		}
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, s.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// isLoopback says whether host names this machine, where a message may go
// in clear: the names net/smtp's PlainAuth also accepts without TLS.
func isLoopback(host string) bool {
	switch strings.ToLower(host) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}
