/* Test-only stand-in for Windows' bcryptprimitives.dll, for running the Windows build under
 * Wine 8, which lacks it. Rust's standard library imports ProcessPrng from it (Windows 10 and
 * later have it); this forwards to RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 * Built by .ci/windows.sh with the MinGW compiler and placed beside the exe; never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
