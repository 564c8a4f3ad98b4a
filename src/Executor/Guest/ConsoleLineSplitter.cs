namespace MigrationAspire.Executor.Guest;

/// <summary>
/// Turns console output arriving in arbitrary chunks into complete lines. Both <c>\n</c> and
/// <c>\r</c> end a line and empty lines are dropped, so <c>\r\n</c> yields one line. A line longer
/// than the cap is discarded up to its next terminator, keeping memory bounded whatever the console
/// produces. Not thread-safe: feed it from the one reader of the console.
/// </summary>
public sealed class ConsoleLineSplitter
{
    public const int DefaultMaxLineLength = 4096;

    private readonly char[] buffer;
    private int length;
    private bool discarding;

    public ConsoleLineSplitter(int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        buffer = new char[maxLineLength];
    }

    /// <summary>Over-long lines thrown away so far.</summary>
    public long DiscardedLineCount { get; private set; }

    /// <summary>
    /// Bytes map one-to-one to chars (Latin-1), so no byte sequence can fail to decode; anything
    /// non-ASCII is then rejected by <see cref="GuestLineParser"/>.
    /// </summary>
    public IReadOnlyList<string> Push(ReadOnlySpan<byte> chunk)
    {
        List<string>? lines = null;
        foreach (var b in chunk)
            Accept((char)b, ref lines);
        return lines ?? [];
    }

    public IReadOnlyList<string> Push(ReadOnlySpan<char> chunk)
    {
        List<string>? lines = null;
        foreach (var c in chunk)
            Accept(c, ref lines);
        return lines ?? [];
    }

    /// <summary>When the console closes: the last line if it had no terminator, else null.</summary>
    public string? Flush()
    {
        var last = !discarding && length > 0 ? new string(buffer, 0, length) : null;
        length = 0;
        discarding = false;
        return last;
    }

    private void Accept(char c, ref List<string>? lines)
    {
        if (c is '\n' or '\r')
        {
            if (Flush() is { } line)
                (lines ??= []).Add(line);
            return;
        }
        if (discarding)
            return;
        if (length == buffer.Length)
        {
            length = 0;
            discarding = true;
            DiscardedLineCount++;
            return;
        }
        buffer[length++] = c;
    }
}
