//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

// echoOff does nothing here: on Windows, term.ReadPassword turns echo off
// for the read.
func echoOff(fd int) (restore func()) { return func() {} }
