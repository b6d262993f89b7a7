//go:build windows

package fsread

import (
	"io/fs"
	"syscall"
)

// ID returns the identity of the file at path: the serial number of its
// volume and its file index, read with GetFileInformationByHandle, which
// name one file on a running system (Microsoft Learn,
// BY_HANDLE_FILE_INFORMATION,
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/ns-fileapi-by_handle_file_information).
// The file is opened for no access (FILE_FLAG_BACKUP_SEMANTICS lets a
// directory be opened), which reads nothing.
func ID(path string, _ fs.FileInfo) (FileID, bool) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return FileID{}, false
	}
	h, err := syscall.CreateFile(p, 0, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE|syscall.FILE_SHARE_DELETE,
		nil, syscall.OPEN_EXISTING, syscall.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		return FileID{}, false
	}
	defer syscall.CloseHandle(h)
	var info syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(h, &info); err != nil {
		return FileID{}, false
	}
	return FileID{Device: uint64(info.VolumeSerialNumber), Index: uint64(info.FileIndexHigh)<<32 | uint64(info.FileIndexLow)}, true
}
