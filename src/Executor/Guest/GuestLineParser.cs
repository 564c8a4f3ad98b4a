using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MigrationAspire.Executor.Guest;

/// <summary>
/// Validates and parses one console line. Anything that is not exactly a protocol line (wrong prefix,
/// kind, field count or type, checksum, stray characters) is rejected without throwing: kernel
/// messages share the console and may be spliced into the guest's lines.
/// </summary>
public static class GuestLineParser
{
    // " *XX" after the body.
    private const int TrailerLength = 4;

    /// <param name="line">One line without its terminator, e.g. from <see cref="ConsoleLineSplitter"/>.</param>
    public static bool TryParse(ReadOnlySpan<char> line, [NotNullWhen(true)] out GuestLine? result)
    {
        result = null;
        if (line.Length <= GuestLineFormatter.Prefix.Length + TrailerLength
            || !line.StartsWith(GuestLineFormatter.Prefix, StringComparison.Ordinal))
            return false;

        var body = line[..^TrailerLength];
        var trailer = line[^TrailerLength..];
        if (trailer[0] != ' ' || trailer[1] != '*' || !TryParseUpperHex(trailer[2..], out var checksum))
            return false;
        if (!IsPrintableAscii(body) || GuestLineFormatter.Checksum(body) != checksum)
            return false;

        result = ParseKindAndFields(body[GuestLineFormatter.Prefix.Length..]);
        return result is not null;
    }

    private static GuestLine? ParseKindAndFields(ReadOnlySpan<char> text)
    {
        // One slot more than the longest kind needs, so that an extra field shows up in the count.
        Span<Range> ranges = stackalloc Range[8];
        var fields = new Fields(text, ranges[..text.Split(ranges, ' ')]);
        return fields.Kind switch
        {
            "START" when fields.Count == 5 && fields.Long(1, out var pages) && fields.Long(2, out var resident)
                && fields.Long(3, out var rate) && fields.Token(4, out var pattern) && fields.Long(5, out var heartbeatMs)
                => new GuestLine.Start(pages, resident, rate, pattern, heartbeatMs),
            "READY" when fields.Count == 6 && fields.Long(1, out var seq) && fields.Long(2, out var pages)
                && fields.Long(3, out var resident) && fields.Long(4, out var fillMs) && fields.Long(5, out var residentMs)
                && fields.Long(6, out var measuredRate)
                => new GuestLine.Ready(seq, pages, resident, fillMs, residentMs, measuredRate),
            "H" when fields.Count == 3 && fields.Long(1, out var seq) && fields.Long(2, out var written)
                && fields.Long(3, out var errors)
                => new GuestLine.Heartbeat(seq, written, errors),
            "V" when fields.Count == 4 && fields.Long(1, out var seq) && fields.Long(2, out var startSeq)
                && fields.Long(3, out var check) && fields.Long(4, out var errors)
                => new GuestLine.Verify(seq, startSeq, check, errors),
            "D" when fields.Count == 2 && fields.Long(1, out var seq) && fields.Long(2, out var damaged)
                => new GuestLine.Damaged(seq, damaged),
            "E" when fields.Count == 4 && fields.Long(1, out var page) && fields.Long(2, out var expected)
                && fields.ULong(3, out var foundIndex) && fields.ULong(4, out var foundGeneration)
                => new GuestLine.Error(page, expected, foundIndex, foundGeneration),
            "EXIT" when fields.Count == 1 && fields.Int(1, out var code)
                => new GuestLine.Exit(code),
            _ => null,
        };
    }

    private static bool TryParseUpperHex(ReadOnlySpan<char> digits, out byte value)
    {
        value = 0;
        foreach (var c in digits)
        {
            int nibble = c is >= '0' and <= '9' ? c - '0' : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (nibble < 0)
                return false;
            value = (byte)((value << 4) | nibble);
        }
        return true;
    }

    private static bool IsPrintableAscii(ReadOnlySpan<char> text) =>
        !text.ContainsAnyExceptInRange((char)0x20, (char)0x7E);

    /// <summary>The kind and the fields after it; field 1 is the first after the kind.</summary>
    private readonly ref struct Fields(ReadOnlySpan<char> text, ReadOnlySpan<Range> ranges)
    {
        private readonly ReadOnlySpan<char> text = text;
        private readonly ReadOnlySpan<Range> ranges = ranges;

        public ReadOnlySpan<char> Kind => text[ranges[0]];

        public int Count => ranges.Length - 1;

        // NumberStyles.None: digits only, so signs, spaces and hex never pass as numbers.
        public bool Long(int index, out long value) =>
            long.TryParse(text[ranges[index]], NumberStyles.None, CultureInfo.InvariantCulture, out value);

        public bool ULong(int index, out ulong value) =>
            ulong.TryParse(text[ranges[index]], NumberStyles.None, CultureInfo.InvariantCulture, out value);

        // An exit code may be negative.
        public bool Int(int index, out int value) =>
            int.TryParse(text[ranges[index]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

        public bool Token(int index, out string value)
        {
            value = text[ranges[index]].ToString();
            return value.Length > 0;
        }
    }
}
