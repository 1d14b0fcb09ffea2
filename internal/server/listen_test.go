package server

import (
	"net"
	"testing"
)

func TestListenSkipsBusyPorts(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	ln, got, err := Listen("127.0.0.1", port, 20)
	if err != nil {
		t.Skipf("the ports after %d are busy too: %v", port, err)
	}
	defer ln.Close()
	if got <= port || got > port+20 {
		t.Errorf("Listen on busy %d gave %d, want one of the next 20", port, got)
	}
	if _, _, err := Listen("127.0.0.1", port, 0); err == nil {
		t.Error("Listen with no retries took a busy port")
	}
}

func TestURL(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}, "http://127.0.0.1:1313/"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 1314}, "http://127.0.0.1:1314/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 80}, "http://127.0.0.1:80/"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 1313}, "http://[::1]:1313/"},
		{&net.TCPAddr{IP: net.IPv4(192, 168, 1, 2), Port: 8080}, "http://192.168.1.2:8080/"},
	}
	for _, tt := range tests {
		if got := URL(tt.addr); got != tt.want {
			t.Errorf("URL(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
