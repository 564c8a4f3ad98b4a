using MigrationAspire.Executor.Guest;

namespace MigrationAspire.Executor.Tests.Guest;

public sealed class GuestLineParserTests
{
    [Fact]
    public void TryParse_valid_line_of_every_kind_returns_the_typed_record()
    {
        // Checksums computed independently (Python), not by GuestLineFormatter.
        (string Line, GuestLine Expected)[] cases =
        [
            ("MA2 START 32768 24000 20000 sequential 10 *4A", new GuestLine.Start(32768, 24000, 20000, "sequential", 10)),
            ("MA2 READY 212 32768 24000 1834 950 19998 *68", new GuestLine.Ready(212, 32768, 24000, 1834, 950, 19998)),
            ("MA2 H 213 4321000 0 *42", new GuestLine.Heartbeat(213, 4321000, 0)),
            ("MA2 V 500 480 56768 7 *4C", new GuestLine.Verify(500, 480, 56768, 7)),
            ("MA2 D 77 12 *59", new GuestLine.Damaged(77, 12)),
            ("MA2 E 17 42 18 41 *57", new GuestLine.Error(17, 42, 18, 41)),
            ("MA2 E 5 3 18446744073709551615 18446744073709551615 *5D", new GuestLine.Error(5, 3, ulong.MaxValue, ulong.MaxValue)),
            ("MA2 EXIT 0 *0E", new GuestLine.Exit(0)),
            ("MA2 EXIT -1 *22", new GuestLine.Exit(-1)),
        ];

        var parsed = cases.Select(c => GuestLineParser.TryParse(c.Line, out var line) ? line : null);

        Assert.Equal(cases.Select(c => c.Expected), parsed);
    }

    [Theory]
    [InlineData("MA2 H 0 1024 0 *72")] // checksum off by one
    [InlineData("MA2 START 32768 0 20000 sequential 10 *4c")] // lower-case hex
    [InlineData("MA2 H 0 1024 0 *7")] // one hex digit
    [InlineData("MA2 H 0 1024 0 *")]
    [InlineData("MA2 H 0 1024 0*71")] // no space before '*'
    [InlineData("MA2 H 0 1024 0")] // no checksum at all
    [InlineData("MA2 H 0 1024 0 *71 ")] // trailing space
    [InlineData("MA2 H 0 1024 0 *71\r")]
    [InlineData("H 0 1024 0 *71")] // no prefix
    [InlineData("MA1 H 0 1024 0 *72")] // protocol version 1 (its lines differ), checksum right for it
    [InlineData("ma2 H 0 1024 0 *71")]
    [InlineData(" MA2 H 0 1024 0 *71")]
    [InlineData("[    1.234567] MA2 H 0 1024 0 *71")] // kernel message before the line
    [InlineData("")]
    [InlineData("MA2 ")]
    [InlineData("MA2  *23")]
    public void TryParse_malformed_line_returns_false(string line)
    {
        Assert.False(GuestLineParser.TryParse(line, out var result));
        Assert.Null(result);
    }

    // Correctly checksummed, so only the named defect can cause the rejection.
    [Theory]
    [InlineData("MA2 H 0 1024")] // too few fields
    [InlineData("MA2 H 0 1024 0 7")] // too many fields
    [InlineData("MA2 START 32768 20000 sequential 10")] // version 1's START: no resident pages
    [InlineData("MA2 START 32768 0 20000 sequential 10 5")]
    [InlineData("MA2 READY 212 1834 19998")] // version 1's READY
    [InlineData("MA2 READY 212 32768 0 1834 0 19998 1")]
    [InlineData("MA2 V 500 32768 0")] // version 1's V: no start_seq
    [InlineData("MA2 V 500 480 32768 0 1")]
    [InlineData("MA2 D 77")]
    [InlineData("MA2 D 77 12 1")]
    [InlineData("MA2 D 77 -12")]
    [InlineData("MA2 EXIT")]
    [InlineData("MA2 EXIT 0 0")]
    [InlineData("MA2 E 1 2 3")]
    [InlineData("MA2 E 1 2 3 4 5 6 7 8")]
    [InlineData("MA2 H 0 1O24 0")] // letter O for zero
    [InlineData("MA2 H -1 1024 0")] // negative counter
    [InlineData("MA2 H +1 1024 0")]
    [InlineData("MA2 H 0 0x400 0")]
    [InlineData("MA2 H 0 1.5 0")]
    [InlineData("MA2 H 0 99999999999999999999 0")] // overflows a long
    [InlineData("MA2 EXIT 99999999999")]
    [InlineData("MA2 H 0  1024 0")] // double space: an empty field
    [InlineData("MA2 H 0\t1024 0")]
    [InlineData("MA2 HB 0 1024 0")] // unknown kind
    [InlineData("MA2 h 0 1024 0")]
    [InlineData("MA2 H 5 10[   12.345678] random: crng init done")] // kernel message spliced in
    [InlineData("MA2 H 5 1024 0 [   12.345678] random: crng init done")]
    [InlineData("MA2 START 32768 0 20000 s\u00e9quential 10")] // non-ASCII
    [InlineData("MA2 H 0 1024 0\u001b[0m")]
    public void TryParse_correct_checksum_but_malformed_fields_returns_false(string body)
    {
        Assert.False(GuestLineParser.TryParse(GuestLineFormatter.Seal(body), out _));
    }

    [Fact]
    public void Format_then_try_parse_round_trips()
    {
        var line = GuestLineFormatter.Format("START", 65536, 1200, 0, "hotspot", 10);

        Assert.True(GuestLineParser.TryParse(line, out var parsed));
        Assert.Equal(new GuestLine.Start(65536, 1200, 0, "hotspot", 10), parsed);
    }

    [Fact]
    public void Format_protocol_example_heartbeat_matches_the_guests_checksum()
    {
        Assert.Equal("MA2 H 0 1024 0 *71", GuestLineFormatter.Format("H", 0, 1024, 0));
        Assert.Equal(0x4C, GuestLineFormatter.Checksum("MA2 START 32768 0 20000 sequential 10"));
    }

    [Fact]
    public void Ready_checked_pages_is_the_working_set_and_the_resident_memory()
    {
        Assert.Equal(56768, new GuestLine.Ready(212, 32768, 24000, 1834, 950, 19998).CheckedPages);
    }
}
