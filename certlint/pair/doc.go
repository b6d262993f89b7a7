// Package pair answers "will these two computers authenticate each other?"
// for OpsMgr mutual authentication (agent and management server, agent and
// gateway, gateway and management server): each computer's certificate is
// linted in its role (certlint.Run), its chain built against what the other
// computer trusts, and the events each computer would log are listed.
//
// It owns the pairing only: it uses the root package's loading and linting
// and must not know lints, output formats or the CLI.
package pair
