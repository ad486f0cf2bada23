package hubtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Server is a fake CoCalc hub listening on a loopback address, in the manner
// of net/http/httptest.Server: NewServer starts one; NewUnstartedServer
// returns one to set up first (its Listener, say) and Start.
type Server struct {
	// URL is the base URL a client is given: http://127.0.0.1:port plus the
	// base path, without a trailing slash. Start sets it.
	URL string

	// Listener is where the server accepts connections. Start listens on
	// the address of WithAddr unless Listener was set before: a program
	// that serves the fake hub (the fakehub command) listens itself, to
	// report a bad address as an error rather than a panic, and hands the
	// listener over. The server listens once; Stop closes it and Restart
	// listens again on the same address.
	Listener net.Listener

	hub *hub

	basePath string

	mu         sync.Mutex
	addr       string // the address to listen on; fixed after the first listen
	httpServer *http.Server
	stopHTTP   context.CancelCauseFunc
	started    bool
	closed     bool
}

// errServerStopped is the cause of the request contexts that Stop and Close
// cancel, so that they are not counted as canceled by the client.
var errServerStopped = errors.New("hubtest: server stopped")

// Option configures a Server.
type Option func(*config)

type config struct {
	basePath string
	addr     string
	clock    func() time.Time
	skew     time.Duration
	seed     int64
}

func defaultConfig() config {
	return config{addr: "127.0.0.1:0", clock: time.Now, seed: 1}
}

// WithBasePath serves the API under a base path, as a self-hosted server does
// ("/cocalc" serves /cocalc/api/conat/hub). "" and "/" mean none.
func WithBasePath(basePath string) Option {
	return func(c *config) {
		basePath = strings.TrimRight(basePath, "/")
		if basePath != "" && !strings.HasPrefix(basePath, "/") {
			basePath = "/" + basePath
		}
		c.basePath = basePath
	}
}

// WithAddr sets the address to listen on (default "127.0.0.1:0", a free port).
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithClock sets the clock behind the server's times ("now", "server_time")
// and behind the 30 s ban of generateUserAuthToken, so tests need not sleep.
func WithClock(clock func() time.Time) Option { return func(c *config) { c.clock = clock } }

// WithClockSkew makes the server's clock run ahead of the clock by d (behind
// when negative).
func WithClockSkew(d time.Duration) Option { return func(c *config) { c.skew = d } }

// WithSeed seeds the generator of the latency jitter (see SetLatency).
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// NewServer starts a fake hub serving data. It panics if data is invalid or
// the address cannot be listened on, as httptest.NewServer panics.
func NewServer(data *Data, opts ...Option) *Server {
	s := NewUnstartedServer(data, opts...)
	s.Start()
	return s
}

// NewDemoServer starts a fake hub serving DemoData, generated for the
// server's current time. Use the Demo* keys with it.
func NewDemoServer(opts ...Option) *Server {
	cfg := newConfig(opts)
	s := newServer(DemoData(cfg.clock().Add(cfg.skew)), cfg)
	s.Start()
	return s
}

// NewUnstartedServer returns a fake hub that does not listen yet: set it up,
// then call Start. It panics if data is invalid.
func NewUnstartedServer(data *Data, opts ...Option) *Server {
	return newServer(data, newConfig(opts))
}

func newConfig(opts []Option) config {
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	return cfg
}

func newServer(data *Data, cfg config) *Server {
	if err := data.Validate(); err != nil {
		panic(fmt.Sprintf("hubtest: %v", err))
	}
	return &Server{hub: newHub(data, cfg), addr: cfg.addr, basePath: cfg.basePath}
}

// Start serves on Listener, or listens on the address of WithAddr when
// Listener is nil, and sets URL. It panics if the server was started
// before or cannot listen.
func (s *Server) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.closed {
		panic("hubtest: Server already started")
	}
	if s.Listener == nil {
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			panic(fmt.Sprintf("hubtest: cannot listen on %s: %v", s.addr, err))
		}
		s.Listener = ln
	}
	s.started = true
	s.addr = reachableAddr(s.Listener.Addr())
	s.serve(s.Listener)
	s.URL = "http://" + s.addr + s.basePath
}

// serve starts serving on ln.
func (s *Server) serve(ln net.Listener) {
	ctx, cancel := context.WithCancelCause(context.Background())
	srv := &http.Server{
		Handler:           s.hub,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ReadHeaderTimeout: 10 * time.Second,
	}
	s.httpServer, s.Listener, s.stopHTTP = srv, ln, cancel
	go func() { _ = srv.Serve(ln) }()
}

// reachableAddr is a listener's address as a client dials it: a wildcard
// address (":8080", "[::]:8080") is reached through the loopback interface.
func reachableAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

// Handler is the fake hub as an http.Handler, for serving it another way
// (TLS, a test's own wrapper). It shares faults, latency, requests and stats
// with s.
func (s *Server) Handler() http.Handler { return s.hub }

// Stop makes the server go away: it stops listening (new connections are
// refused), closes every connection and ends the requests in flight without
// an answer. Restart brings it back on the same address.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
}

func (s *Server) stopLocked() {
	if s.httpServer == nil {
		return
	}
	s.stopHTTP(errServerStopped)
	// Close the listener here: http.Server.Close knows it only once Serve
	// has started, and until then a new connection would still be accepted.
	_ = s.Listener.Close()
	_ = s.httpServer.Close()
	s.httpServer, s.stopHTTP = nil, nil
}

// Restart stops the server if it is running, then listens again on the same
// address. It fails if the server was closed or the port was taken meanwhile.
func (s *Server) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("hubtest: Restart after Close")
	}
	if !s.started {
		return errors.New("hubtest: Restart before Start")
	}
	s.stopLocked()
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	s.serve(ln)
	return nil
}

// Shutdown stops the server gracefully: it stops listening, then waits for
// the requests in flight to end (closing idle connections) until ctx ends,
// when it ends those still running as Stop does. Close it afterwards.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv := s.httpServer
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	s.Stop()
	return err
}

// Close shuts the server down for good: like Stop, and it also releases
// requests hanging in handlers served through Handler. It returns once every
// request has ended.
func (s *Server) Close() {
	s.mu.Lock()
	s.stopLocked()
	s.closed = true
	s.mu.Unlock()
	s.hub.close()
}

// SetLatency delays every answer on the API endpoints by a duration drawn
// uniformly from [min, max] (jitter from the WithSeed generator). A client
// that gives up ends the wait at once. A server-side "timeout" in the request
// shorter than the delay makes the answer the hub's 408 timeout error, sent
// when that timeout expires.
func (s *Server) SetLatency(min, max time.Duration) { s.hub.latency.set(min, max) }

// SetProjectStart makes the project endpoint answer only after d, as the
// real server does when it must start a stopped project first: a call whose
// timeout is shorter gets the timeout error when it expires, and a client
// that gives up ends the wait. Calls the route refuses (a bad key) are
// answered at once, as no project is started for them. 0 answers at once.
func (s *Server) SetProjectStart(d time.Duration) { s.hub.projectStart.Store(int64(d)) }

// SetFault makes calls to the named functions (all calls when none is named)
// fail in the given way; FaultNone clears. Naming no function also clears
// every per-function setting. Safe to call while requests run.
func (s *Server) SetFault(f Fault, functions ...string) { s.hub.faults.set(f, functions) }

// SetSearchFault makes the system.userSearch calls whose query holds text
// (compared in lower case) fail in the given way, whatever SetFault says;
// FaultNone clears it. A search that fails only for some queries is what a
// bulk client must report on the query's own line (a query the server
// cannot answer in time: FaultServerTimeout), while the others go on.
func (s *Server) SetSearchFault(f Fault, text string) { s.hub.faults.setSearch(f, text) }

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Request { return s.hub.log.all() }

// ResetRequests forgets the requests received so far.
func (s *Server) ResetRequests() { s.hub.log.reset() }

// Stats returns the request counters.
func (s *Server) Stats() Stats { return s.hub.stats() }

// Request is one request as the server received it.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header // a copy
	Body     []byte      // at most the first 1 MB and one byte
	// Function is the body's "name" when it is a string, e.g. "system.ping".
	Function string
}

// Stats counts requests.
type Stats struct {
	Requests int // received, on any path
	// Canceled counts requests whose client went away (closed the connection
	// or canceled) before the answer was written. Requests ended by Stop or
	// Close are not counted.
	Canceled int
	InFlight int // being handled now
}
