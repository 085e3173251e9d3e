// Package cmd holds pciqueue's commands, one directory each, and no code of its own.
//
// cmd/preview belongs to the root module. cmd/pulumi-resource-pciqueue, the component provider, is a Go
// module of its own (its go.mod says why), so the root module's `go test ./...` does not reach it; this
// package's test runs that module's `go vet` and `go test` with the same go command, so the README's one test
// command still covers the provider.
package cmd
