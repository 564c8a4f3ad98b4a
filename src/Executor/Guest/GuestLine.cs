namespace MigrationAspire.Executor.Guest;

/// <summary>A validated line of the guest console protocol, version 1 (guest/PROTOCOL.md).</summary>
public abstract record GuestLine
{
    // Closed hierarchy: only the kinds below exist, so a switch over them is complete.
    private GuestLine()
    {
    }

    /// <summary><c>START ws_pages rate pattern hb_ms</c>: once, before the working set is filled.</summary>
    public sealed record Start(long WorkingSetPages, long Rate, string Pattern, long HeartbeatMs) : GuestLine;

    /// <summary><c>READY seq fill_ms measured_rate</c>: the working set is filled and the rate holds.</summary>
    public sealed record Ready(long Seq, long FillMs, long MeasuredRate) : GuestLine;

    /// <summary><c>H seq pages_written errors</c>: <see cref="Seq"/> grows by exactly one per heartbeat.</summary>
    public sealed record Heartbeat(long Seq, long PagesWritten, long Errors) : GuestLine;

    /// <summary><c>V seq checked errors</c>: the answer to a <c>verify</c> command.</summary>
    public sealed record Verify(long Seq, long Checked, long Errors) : GuestLine;

    /// <summary>
    /// <c>E page expected_gen found_index found_gen</c>: one integrity error. The found values are
    /// decoded from corrupted memory and may use all 64 bits, hence unsigned.
    /// </summary>
    public sealed record Error(long Page, long ExpectedGeneration, ulong FoundIndex, ulong FoundGeneration) : GuestLine;

    /// <summary><c>EXIT code</c>: the workload ended.</summary>
    public sealed record Exit(int Code) : GuestLine;
}
