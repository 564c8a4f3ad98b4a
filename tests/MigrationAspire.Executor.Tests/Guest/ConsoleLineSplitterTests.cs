using System.Text;
using MigrationAspire.Executor.Guest;

namespace MigrationAspire.Executor.Tests.Guest;

public sealed class ConsoleLineSplitterTests
{
    [Fact]
    public void Push_several_lines_in_one_chunk_returns_each_without_terminator()
    {
        var splitter = new ConsoleLineSplitter();

        Assert.Equal(["one", "two", "three"], splitter.Push("one\ntwo\r\nthree\n"u8));
    }

    [Fact]
    public void Push_line_split_across_chunks_is_returned_once_it_ends()
    {
        var splitter = new ConsoleLineSplitter();

        Assert.Empty(splitter.Push("MA2 H 0 10"u8));
        Assert.Empty(splitter.Push("24 0 *71"u8));
        Assert.Equal(["MA2 H 0 1024 0 *71"], splitter.Push("\r"u8));
        Assert.Equal(["MA2 H 1 2048 0 *79"], PushAll(splitter, "\nMA2 H", " 1 2048 0 *79\r", "\n"));
    }

    [Fact]
    public void Push_cr_lf_split_between_chunks_and_empty_lines_yield_no_empty_lines()
    {
        var splitter = new ConsoleLineSplitter();

        Assert.Equal(["a", "b"], PushAll(splitter, "\r\n\na\r", "\n\n\r\nb\n", "\n"));
    }

    [Fact]
    public void Push_overlong_line_is_discarded_up_to_its_end_and_counted()
    {
        var splitter = new ConsoleLineSplitter(maxLineLength: 8);

        var lines = PushAll(splitter, "12345678\n", "123456789012", "345\nok\n");

        Assert.Equal(["12345678", "ok"], lines);
        Assert.Equal(1, splitter.DiscardedLineCount);
    }

    [Fact]
    public void Push_default_cap_keeps_a_4096_char_line_and_drops_a_4097_char_one()
    {
        var splitter = new ConsoleLineSplitter();

        var lines = splitter.Push(new string('x', 4096) + "\n" + new string('y', 4097) + "\nend\n");

        Assert.Equal([new string('x', 4096), "end"], lines);
        Assert.Equal(1, splitter.DiscardedLineCount);
    }

    [Fact]
    public void Push_garbage_bytes_never_throw_and_the_next_line_survives()
    {
        var splitter = new ConsoleLineSplitter();
        byte[] garbage = [0x00, 0xFF, 0xC3, 0x28, 0x1B, (byte)'[', (byte)'2', (byte)'J', 0xE2, 0x82];

        var lines = splitter.Push([.. garbage, (byte)'\n', .. "MA2 H 0 1024 0 *71\n"u8]);

        Assert.Equal(2, lines.Count);
        Assert.False(GuestLineParser.TryParse(lines[0], out _));
        Assert.True(GuestLineParser.TryParse(lines[1], out _));
    }

    [Fact]
    public void Flush_after_unterminated_line_returns_it_once()
    {
        var splitter = new ConsoleLineSplitter();
        splitter.Push("done\nlast"u8);

        Assert.Equal("last", splitter.Flush());
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void Splitter_and_parser_console_with_kernel_messages_in_random_chunks_yield_exactly_the_guest_lines()
    {
        var console = string.Concat(
            "[    0.000000] Linux version 6.1.0-28-amd64\r\n",
            "MA2 START 32768 0 20000 sequential 10 *4C\r\n",
            "MA2 H 0 1024 0 *71\r\n",
            "MA2 H 1 20[    9.876543] random: crng init done\r\n", // a heartbeat cut by the kernel
            "48 0 *79\r\n",
            "MA2 READY 212 32768 0 1834 0 19998 *62\r\n",
            "MA2 H 213 4321000 0 *43\r\n", // corrupted checksum
            "MA2 H 213 4321000 0 *42\r\n");
        var bytes = Encoding.ASCII.GetBytes(console);
        var random = new Random(1);
        var splitter = new ConsoleLineSplitter();
        var parsed = new List<GuestLine>();

        for (var offset = 0; offset < bytes.Length;)
        {
            var size = Math.Min(random.Next(1, 17), bytes.Length - offset);
            foreach (var line in splitter.Push(bytes.AsSpan(offset, size)))
            {
                if (GuestLineParser.TryParse(line, out var guestLine))
                    parsed.Add(guestLine);
            }
            offset += size;
        }

        Assert.Equal(
            [
                new GuestLine.Start(32768, 0, 20000, "sequential", 10),
                new GuestLine.Heartbeat(0, 1024, 0),
                new GuestLine.Ready(212, 32768, 0, 1834, 0, 19998),
                new GuestLine.Heartbeat(213, 4321000, 0),
            ],
            parsed);
    }

    [Fact]
    public void Splitter_and_parser_real_guest_console_parse_every_protocol_line_and_nothing_else()
    {
        var splitter = new ConsoleLineSplitter();
        var bytes = Encoding.ASCII.GetBytes(GuestConsoleTranscript.Text);

        var parsed = bytes.Chunk(7)
            .SelectMany(chunk => splitter.Push(chunk))
            .Select(line => GuestLineParser.TryParse(line, out var guestLine) ? guestLine : null)
            .OfType<GuestLine>()
            .ToList();

        Assert.Equal(40, parsed.Count);
        Assert.Equal(new GuestLine.Start(8192, 17581, 5000, "sequential", 100), parsed[0]);
        Assert.Equal(new GuestLine.Ready(14, 8192, 17581, 15, 433, 4999), Assert.Single(parsed.OfType<GuestLine.Ready>()));
        Assert.Equal(new GuestLine.Verify(21, 20, 25773, 0), Assert.Single(parsed.OfType<GuestLine.Verify>()));
        Assert.Equal(new GuestLine.Damaged(25, 3), Assert.Single(parsed.OfType<GuestLine.Damaged>()));
        Assert.Equal(Enumerable.Range(0, 36).Select(i => (long)i), parsed.OfType<GuestLine.Heartbeat>().Select(h => h.Seq));
    }

    private static List<string> PushAll(ConsoleLineSplitter splitter, params string[] chunks) =>
        [.. chunks.SelectMany(chunk => splitter.Push(Encoding.ASCII.GetBytes(chunk)))];
}
