/* A stand-in for bcryptprimitives.dll, which Wine 8 lacks and which every Go
 * program for Windows loads at start-up for ProcessPrng (Go 1.22 and later).
 * ProcessPrng fills a buffer with random bytes and returns TRUE
 * (https://learn.microsoft.com/en-us/windows/win32/seccng/processprng); this
 * one takes them from RtlGenRandom, exported by advapi32 as SystemFunction036
 * (https://learn.microsoft.com/en-us/windows/win32/api/ntsecapi/nf-ntsecapi-rtlgenrandom).
 * For running tests under Wine only; never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
