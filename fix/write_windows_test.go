//go:build windows

package fix

import (
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

// TestCreatePrivateOwnerOnlyACL: the file that becomes the output is created
// with a protected DACL of one entry, full control for the current user.
// It runs on Windows only: Wine does not keep a file's DACL (it maps it to
// Unix permission bits and reads back a synthesized one).
func TestCreatePrivateOwnerOnlyACL(t *testing.T) {
	dir := t.TempDir()
	f, err := createPrivate(dir, "out.pfx")
	if err != nil {
		t.Fatal(err)
	}
	name := f.Name()
	f.Close()
	if filepath.Dir(name) != dir {
		t.Errorf("temporary file %s is not in %s", name, dir)
	}
	sd, err := windows.GetNamedSecurityInfo(name, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	control, _, err := sd.Control()
	if err != nil {
		t.Fatal(err)
	}
	if control&windows.SE_DACL_PROTECTED == 0 {
		t.Error("the DACL is not protected: the directory's entries are inherited")
	}
	dacl, _, err := sd.DACL()
	if err != nil || dacl == nil {
		t.Fatalf("no DACL: %v", err)
	}
	if dacl.AceCount != 1 {
		t.Fatalf("%d access entries, want 1", dacl.AceCount)
	}
	var ace *windows.ACCESS_ALLOWED_ACE
	if err := windows.GetAce(dacl, 0, &ace); err != nil {
		t.Fatal(err)
	}
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	// FILE_ALL_ACCESS (winnt.h): STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF,
	// what SDDL "FA" grants.
	const fileAllAccess = 0x001F01FF
	sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
	if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || !sid.Equals(user.User.Sid) || ace.Mask&fileAllAccess != fileAllAccess {
		t.Errorf("the entry is type %d for %s mask %#x; want allow, %s, full control", ace.Header.AceType, sid, ace.Mask, user.User.Sid)
	}
	if err := os.WriteFile(name, []byte("x"), 0o600); err != nil {
		t.Errorf("the owner cannot write the file: %v", err)
	}
}
