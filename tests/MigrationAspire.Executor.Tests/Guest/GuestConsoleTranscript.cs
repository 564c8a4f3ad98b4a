namespace MigrationAspire.Executor.Tests.Guest;

/// <summary>
/// Serial console of the real guest (Debian 6.1 kernel, busybox initramfs, 256 MiB, ma.ws=32 ma.rate=5000
/// ma.hb=100 ma.resident=50, kernel messages on) under QEMU 10.0 TCG, from the end of boot through READY, a
/// <c>verify</c> and a <c>damage 3 resident</c> typed by the host. The console ends lines with CRLF.
/// </summary>
internal static class GuestConsoleTranscript
{
    public static string Text => string.Join("\r\n", Lines) + "\r\n";

    private static readonly string[] Lines =
    [
        "[    4.601609] Freeing unused kernel image (initmem) memory: 2824K",
        "[    4.602641] Write protecting the kernel read-only data: 26624k",
        "[    4.605923] Freeing unused kernel image (text/rodata gap) memory: 2040K",
        "[    4.607308] Freeing unused kernel image (rodata/data gap) memory: 1108K",
        "[    4.760890] x86/mm: Checked W+X mappings: passed, no W+X pages found.",
        "[    4.761798] Run /init as init process",
        "workload: 141 MiB available beside the working set, 4 MiB kept free; resident memory 50 % of the rest: 17581 pages",
        "MA2 START 8192 17581 5000 sequential 100 *7B",
        "MA2 H 0 0 0 *46",
        "MA2 H 1 3136 0 *70",
        "MA2 H 2 6208 0 *78",
        "MA2 H 3 11328 0 *4C",
        "MA2 H 4 15424 0 *44",
        "MA2 H 5 26024 0 *41",
        "MA2 H 6 26524 0 *47",
        "MA2 H 7 27024 0 *42",
        "MA2 H 8 27524 0 *48",
        "MA2 H 9 28024 0 *43",
        "MA2 H 10 28524 0 *7E",
        "MA2 H 11 29026 0 *79",
        "MA2 H 12 29533 0 *7B",
        "MA2 H 13 30024 0 *71",
        "MA2 H 14 30534 0 *72",
        "MA2 READY 14 8192 17581 15 433 4999 *55",
        "MA2 H 15 31026 0 *74",
        "MA2 H 16 31524 0 *70",
        "MA2 H 17 32025 0 *76",
        "MA2 H 18 32530 0 *78",
        "MA2 H 19 33026 0 *7A",
        "MA2 H 20 33524 0 *77",
        "MA2 H 21 33876 0 *7C",
        "MA2 V 21 20 25773 0 *4D",
        "MA2 H 22 34045 0 *70",
        "MA2 H 23 34546 0 *77",
        "MA2 H 24 35050 0 *73",
        "MA2 H 25 35547 0 *71",
        "MA2 D 25 3 *6E",
        "MA2 H 26 36003 0 *74",
        "MA2 H 27 36503 0 *70",
        "MA2 H 28 37001 0 *79",
        "MA2 H 29 37509 0 *75",
        "MA2 H 30 38001 0 *7F",
        "MA2 H 31 38509 0 *73",
        "MA2 H 32 39003 0 *7E",
        "MA2 H 33 39501 0 *78",
        "MA2 H 34 40009 0 *7C",
        "MA2 H 35 40501 0 *70",
    ];
}
