//go:build !windows

package machine

// Local returns the System of this computer: ErrUnsupported, since only
// Windows has the registry and certificate stores the checks read.
func Local() (System, error) { return nil, ErrUnsupported }
