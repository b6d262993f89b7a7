package certlint

import "time"

// TrustStore holds the certificates a chain may be built with.
type TrustStore struct {
	// Roots are trust anchors.
	Roots []*Certificate
	// Intermediates help path building but are not trusted.
	Intermediates []*Certificate
	// System adds the operating system's roots.
	System bool
}

// ChainResult is the outcome of building the leaf's chain.
type ChainResult struct{}

// BuildChain builds the leaf's chain from the bundle's other certificates and
// the trust store, evaluated at time at.
func BuildChain(b *Bundle, t *TrustStore, at time.Time) *ChainResult { return nil }
