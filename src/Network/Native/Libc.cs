using System.Runtime.InteropServices;

namespace MigrationAspire.Network.Native;

internal static partial class Libc
{
    public const int CloneNewNet = 0x40000000;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int SigTerm = 15;
    private const int ClockMonotonic = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>CLOCK_MONOTONIC in nanoseconds: the clock the delay line schedules outages on, the same in every process.</summary>
    public static long MonotonicNanoseconds()
    {
        clock_gettime(ClockMonotonic, out var t);
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }
}
