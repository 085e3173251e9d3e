package analyzer

import (
	"context"
	"fmt"
	"net"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// LogEntry is one message the pack logged to the engine.
type LogEntry struct {
	Severity string
	Message  string
	URN      string
}

// Engine is the engine side of the plugin protocol that a policy pack talks
// back to: it accepts Log calls and records them.
type Engine struct {
	pulumirpc.UnimplementedEngineServer

	srv  *grpc.Server
	addr string

	mu   sync.Mutex
	logs []LogEntry
}

// StartEngine serves an Engine on a free loopback port.
func StartEngine() (*Engine, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting engine server: %w", err)
	}
	e := &Engine{srv: grpc.NewServer(), addr: lis.Addr().String()}
	pulumirpc.RegisterEngineServer(e.srv, e)
	go func() { _ = e.srv.Serve(lis) }()
	return e, nil
}

// Addr is the address the pack is given as the engine's.
func (e *Engine) Addr() string { return e.addr }

// Log records a message from the pack.
func (e *Engine) Log(_ context.Context, req *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.logs = append(e.logs, LogEntry{Severity: req.GetSeverity().String(), Message: req.GetMessage(), URN: req.GetUrn()})
	return &emptypb.Empty{}, nil
}

// Logs returns the messages logged so far.
func (e *Engine) Logs() []LogEntry {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]LogEntry(nil), e.logs...)
}

// Stop stops serving.
func (e *Engine) Stop() { e.srv.Stop() }
