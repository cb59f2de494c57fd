//go:build tools

// Package tools names the upstream main package this module builds, so that go mod tidy keeps what it needs.
package tools

import _ "github.com/coder/envbuilder/cmd/envbuilder"
