package fix

import (
	"fmt"
	"strings"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
)

// changes compares what the input and the rewrapped PFX tell Windows, as
// certlint read both back, and lists what differs.
func changes(in, out *certlint.Bundle) []Change {
	var ch []Change
	add := func(what, before, after string) {
		if before != after {
			ch = append(ch, Change{What: what, Before: before, After: after})
		}
	}
	var ik, ok certlint.PFXKey
	if len(in.PFX.Keys) > 0 {
		ik = in.PFX.Keys[0]
	}
	if len(out.PFX.Keys) > 0 {
		ok = out.PFX.Keys[0]
	}
	add("key provider (CSP name attribute 1.3.6.1.4.1.311.17.1)", provider(ik), provider(ok))
	add("key specification (key usage attribute 2.5.29.15)", keySpec(ik), keySpec(ok))
	add("key set (local machine attribute 1.3.6.1.4.1.311.17.2)", keySet(ik), keySet(ok))
	add("CA certificates", certList(in.Others), certList(out.Others))
	add("friendly name", friendly(ik), friendly(ok))
	add("encryption", encryption(in.PFX, ik), encryption(out.PFX, ok))
	return ch
}

func provider(k certlint.PFXKey) string {
	if k.Provider == "" {
		return "none (Windows chooses at import)"
	}
	return fmt.Sprintf("%q", k.Provider)
}

func keySpec(k certlint.PFXKey) string {
	if !k.HasKeyUsage {
		return "no attribute (Windows chooses at import)"
	}
	names := []string{}
	if k.KeyUsage&0x10 != 0 {
		names = append(names, "KEY_EX")
	}
	if k.KeyUsage&0x80 != 0 {
		names = append(names, "KEY_SIG")
	}
	if len(names) == 0 {
		names = append(names, "neither KEY_EX nor KEY_SIG")
	}
	return fmt.Sprintf("0x%02x %s: %s", k.KeyUsage, strings.Join(names, "+"), k.KeySpec)
}

func keySet(k certlint.PFXKey) string {
	if k.LocalMachine {
		return "local machine"
	}
	return "the importing user's (no local machine attribute)"
}

func friendly(k certlint.PFXKey) string {
	if k.FriendlyName == "" {
		return "none"
	}
	return fmt.Sprintf("%q", k.FriendlyName)
}

func certList(cs []*cert.Certificate) string {
	if len(cs) == 0 {
		return "none"
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = subject(c)
	}
	return strings.Join(names, ", ")
}

func encryption(p *certlint.PFXInfo, k certlint.PFXKey) string {
	key := k.Encryption
	if !k.Shrouded {
		key = "none"
	}
	certs := p.CertEncryption
	if certs == "" {
		certs = "none"
	}
	mac := p.MACAlgorithm
	if !p.HasMAC {
		mac = "none"
	}
	return fmt.Sprintf("key %s; certificates %s; MAC %s", key, certs, mac)
}
