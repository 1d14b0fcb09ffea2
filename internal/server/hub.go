package server

import (
	"errors"
	"sync"
)

// event is one Server-Sent Event.
type event struct {
	name, data string
}

// clientBuffer is how many events a live-reload client may have pending
// before it is dropped as too slow.
const clientBuffer = 8

// errTooManyClients is returned by subscribe when the hub is full.
var errTooManyClients = errors.New("too many live-reload connections")

// hub fans events out to the connected live-reload clients. Each client has
// a buffered channel; a client whose buffer is full is dropped (its channel
// closed), so one stalled tab never holds up the others.
type hub struct {
	max int // most clients at once

	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
}

func newHub(max int) *hub {
	return &hub{max: max, clients: map[chan event]bool{}}
}

// subscribe registers a new client and returns its channel, which is closed
// when the client is dropped or the hub closes.
func (h *hub) subscribe() (chan event, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errors.New("server is stopping")
	}
	if len(h.clients) >= h.max {
		return nil, errTooManyClients
	}
	c := make(chan event, clientBuffer)
	h.clients[c] = true
	return c, nil
}

// unsubscribe removes a client, if it is still there.
func (h *hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c)
	}
}

// broadcast sends ev to every client without blocking.
func (h *hub) broadcast(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- ev:
		default: // too slow: drop it; its EventSource will reconnect
			delete(h.clients, c)
			close(c)
		}
	}
}

// count returns the number of connected clients.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// close drops every client and refuses new ones, so that the event streams
// end and the HTTP server can shut down.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}
