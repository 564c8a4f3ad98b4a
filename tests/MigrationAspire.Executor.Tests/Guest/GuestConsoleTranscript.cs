namespace MigrationAspire.Executor.Tests.Guest;

/// <summary>
/// Serial console of the real guest (Debian 6.1 kernel, busybox initramfs, ma.ws=32 ma.rate=5000
/// ma.hb=100) under QEMU 10.0.2 TCG, from the end of boot to the first heartbeats after READY.
/// The console ends lines with CRLF.
/// </summary>
internal static class GuestConsoleTranscript
{
    public static string BootToReady => string.Join("\r\n", Lines) + "\r\n";

    private static readonly string[] Lines =
    [
        "[    1.885330] Write protecting the kernel read-only data: 26624k",
        "[    1.887657] Freeing unused kernel image (text/rodata gap) memory: 2040K",
        "[    1.888396] Freeing unused kernel image (rodata/data gap) memory: 1108K",
        "[    1.979271] x86/mm: Checked W+X mappings: passed, no W+X pages found.",
        "[    1.979802] Run /init as init process",
        "[    2.172633] tsc: Refined TSC clocksource calibration: 2596.106 MHz",
        "[    2.173356] clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x256bddd342a, max_idle_ns: 440795331929 ns",
        "[    2.173711] clocksource: Switched to clocksource tsc",
        "MA1 START 8192 5000 sequential 100 *62",
        "MA1 H 0 0 0 *45",
        "MA1 H 1 8647 0 *79",
        "MA1 H 2 9148 0 *73",
        "MA1 H 3 9647 0 *7A",
        "MA1 H 4 10147 0 *42",
        "MA1 H 5 10647 0 *44",
        "MA1 H 6 11147 0 *41",
        "MA1 H 7 11647 0 *47",
        "MA1 H 8 12147 0 *4C",
        "MA1 H 9 12648 0 *45",
        "MA1 H 10 13147 0 *74",
        "MA1 READY 10 8 4999 *42",
        "MA1 H 11 13647 0 *72",
        "MA1 H 12 14147 0 *71",
        "MA1 H 13 14647 0 *77",
        "MA1 H 14 15148 0 *79",
        "MA1 H 15 15647 0 *70",
        "MA1 H 16 16147 0 *77",
    ];
}
