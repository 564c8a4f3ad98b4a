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
            ("MA1 START 32768 20000 sequential 10 *5F", new GuestLine.Start(32768, 20000, "sequential", 10)),
            ("MA1 READY 212 1834 19998 *79", new GuestLine.Ready(212, 1834, 19998)),
            ("MA1 H 213 4321000 0 *41", new GuestLine.Heartbeat(213, 4321000, 0)),
            ("MA1 V 500 32768 0 *56", new GuestLine.Verify(500, 32768, 0)),
            ("MA1 E 17 42 18 41 *54", new GuestLine.Error(17, 42, 18, 41)),
            ("MA1 E 5 3 18446744073709551615 18446744073709551615 *5E", new GuestLine.Error(5, 3, ulong.MaxValue, ulong.MaxValue)),
            ("MA1 EXIT 0 *0D", new GuestLine.Exit(0)),
            ("MA1 EXIT -1 *21", new GuestLine.Exit(-1)),
        ];

        var parsed = cases.Select(c => GuestLineParser.TryParse(c.Line, out var line) ? line : null);

        Assert.Equal(cases.Select(c => c.Expected), parsed);
    }

    [Theory]
    [InlineData("MA1 H 0 1024 0 *73")] // checksum off by one
    [InlineData("MA1 START 32768 20000 sequential 10 *5f")] // lower-case hex
    [InlineData("MA1 H 0 1024 0 *7")] // one hex digit
    [InlineData("MA1 H 0 1024 0 *")]
    [InlineData("MA1 H 0 1024 0*72")] // no space before '*'
    [InlineData("MA1 H 0 1024 0")] // no checksum at all
    [InlineData("MA1 H 0 1024 0 *72 ")] // trailing space
    [InlineData("MA1 H 0 1024 0 *72\r")]
    [InlineData("H 0 1024 0 *72")] // no prefix
    [InlineData("MA2 H 0 1024 0 *71")] // another protocol version, checksum right for it
    [InlineData("ma1 H 0 1024 0 *72")]
    [InlineData(" MA1 H 0 1024 0 *72")]
    [InlineData("[    1.234567] MA1 H 0 1024 0 *72")] // kernel message before the line
    [InlineData("")]
    [InlineData("MA1 ")]
    [InlineData("MA1  *20")]
    public void TryParse_malformed_line_returns_false(string line)
    {
        Assert.False(GuestLineParser.TryParse(line, out var result));
        Assert.Null(result);
    }

    // Correctly checksummed, so only the named defect can cause the rejection.
    [Theory]
    [InlineData("MA1 H 0 1024")] // too few fields
    [InlineData("MA1 H 0 1024 0 7")] // too many fields
    [InlineData("MA1 START 32768 20000 sequential")]
    [InlineData("MA1 EXIT")]
    [InlineData("MA1 EXIT 0 0")]
    [InlineData("MA1 E 1 2 3")]
    [InlineData("MA1 E 1 2 3 4 5 6 7 8")]
    [InlineData("MA1 H 0 1O24 0")] // letter O for zero
    [InlineData("MA1 H -1 1024 0")] // negative counter
    [InlineData("MA1 H +1 1024 0")]
    [InlineData("MA1 H 0 0x400 0")]
    [InlineData("MA1 H 0 1.5 0")]
    [InlineData("MA1 H 0 99999999999999999999 0")] // overflows a long
    [InlineData("MA1 EXIT 99999999999")]
    [InlineData("MA1 H 0  1024 0")] // double space: an empty field
    [InlineData("MA1 H 0\t1024 0")]
    [InlineData("MA1 HB 0 1024 0")] // unknown kind
    [InlineData("MA1 h 0 1024 0")]
    [InlineData("MA1 H 5 10[   12.345678] random: crng init done")] // kernel message spliced in
    [InlineData("MA1 H 5 1024 0 [   12.345678] random: crng init done")]
    [InlineData("MA1 START 32768 20000 s\u00e9quential 10")] // non-ASCII
    [InlineData("MA1 H 0 1024 0\u001b[0m")]
    public void TryParse_correct_checksum_but_malformed_fields_returns_false(string body)
    {
        Assert.False(GuestLineParser.TryParse(GuestLineFormatter.Seal(body), out _));
    }

    [Fact]
    public void Format_then_try_parse_round_trips()
    {
        var line = GuestLineFormatter.Format("START", 65536, 0, "hotspot", 10);

        Assert.True(GuestLineParser.TryParse(line, out var parsed));
        Assert.Equal(new GuestLine.Start(65536, 0, "hotspot", 10), parsed);
    }

    [Fact]
    public void Format_protocol_example_heartbeat_matches_the_guests_checksum()
    {
        Assert.Equal("MA1 H 0 1024 0 *72", GuestLineFormatter.Format("H", 0, 1024, 0));
        Assert.Equal(0x5F, GuestLineFormatter.Checksum("MA1 START 32768 20000 sequential 10"));
    }
}
