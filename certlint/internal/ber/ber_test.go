package ber

import (
	"bytes"
	"errors"
	"testing"
)

func TestToDER(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"DER unchanged", "\x30\x03\x02\x01\x05", "\x30\x03\x02\x01\x05"},
		{"indefinite SEQUENCE", "\x30\x80\x02\x01\x05\x00\x00", "\x30\x03\x02\x01\x05"},
		{"nested indefinite", "\x30\x80\x30\x80\x05\x00\x00\x00\x00\x00", "\x30\x04\x30\x02\x05\x00"},
		{"constructed OCTET STRING", "\x24\x80\x04\x02ab\x04\x01c\x00\x00", "\x04\x03abc"},
		{"constructed BIT STRING", "\x23\x08\x03\x02\x00a\x03\x02\x04b", "\x03\x03\x04ab"},
		{"non-minimal length", "\x04\x81\x02ab", "\x04\x02ab"},
		{"context tag kept constructed", "\xa0\x80\x04\x01a\x00\x00", "\xa0\x03\x04\x01a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rest, err := ToDER([]byte(tt.in + "tail"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(tt.want)) || string(rest) != "tail" {
				t.Fatalf("got %x rest %q, want %x rest \"tail\"", got, rest, tt.want)
			}
		})
	}
}

func TestToDERRefuses(t *testing.T) {
	deep := bytes.Repeat([]byte{0x30, 0x80}, MaxDepth+2)
	tests := map[string][]byte{
		"truncated":               {0x30, 0x05, 0x02},
		"indefinite primitive":    {0x04, 0x80, 0x00, 0x00},
		"missing end-of-contents": {0x30, 0x80, 0x02, 0x01, 0x05},
		"deep nesting":            deep,
		"length of 5 octets":      {0x04, 0x85, 0, 0, 0, 0, 1},
		"mixed string segments":   {0x24, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00},
		"length beyond the end":   {0x30, 0x84, 0x7f, 0xff, 0xff, 0xff},
		"empty":                   {},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, _, err := ToDER(in); !errors.Is(err, ErrBER) {
				t.Fatalf("err = %v, want ErrBER", err)
			}
		})
	}
}

func TestToDERElementLimit(t *testing.T) {
	// A flat SEQUENCE of MaxElements+1 NULLs.
	body := bytes.Repeat([]byte{0x05, 0x00}, MaxElements+1)
	in := append([]byte{0x30, 0x80}, append(body, 0, 0)...)
	if _, _, err := ToDER(in); !errors.Is(err, ErrBER) {
		t.Fatalf("err = %v, want ErrBER for more than MaxElements elements", err)
	}
}
