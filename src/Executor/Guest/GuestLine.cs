namespace MigrationAspire.Executor.Guest;

/// <summary>A validated line of the guest console protocol, version 2 (guest/PROTOCOL.md).</summary>
public abstract record GuestLine
{
    // Closed hierarchy: only the kinds below exist, so a switch over them is complete.
    private GuestLine()
    {
    }

    /// <summary><c>START ws_pages resident_pages rate pattern hb_ms</c>: once, before any page is filled.</summary>
    public sealed record Start(long WorkingSetPages, long ResidentPages, long Rate, string Pattern, long HeartbeatMs) : GuestLine;

    /// <summary>
    /// <c>READY seq ws_pages resident_pages fill_ms resident_ms measured_rate</c>: every page is filled and the rate
    /// holds. It repeats START's page counts, so the host needs no other line to know what a verify must check.
    /// </summary>
    public sealed record Ready(long Seq, long WorkingSetPages, long ResidentPages, long FillMs, long ResidentFillMs, long MeasuredRate) : GuestLine
    {
        /// <summary>Every page a verify checks: the working set and the resident memory.</summary>
        public long CheckedPages => WorkingSetPages + ResidentPages;
    }

    /// <summary><c>H seq pages_written errors</c>: <see cref="Seq"/> grows by exactly one per heartbeat.</summary>
    public sealed record Heartbeat(long Seq, long PagesWritten, long Errors) : GuestLine;

    /// <summary>
    /// <c>V seq start_seq checked errors</c>: the answer to a <c>verify</c> command. <see cref="StartSeq"/> is the
    /// last heartbeat printed before the check began, <see cref="Seq"/> the last before this line.
    /// </summary>
    public sealed record Verify(long Seq, long StartSeq, long Checked, long Errors) : GuestLine;

    /// <summary><c>D seq pages</c>: the answer to the test-only <c>damage</c> command.</summary>
    public sealed record Damaged(long Seq, long Pages) : GuestLine;

    /// <summary>
    /// <c>E page expected_gen found_index found_gen</c>: one integrity error. The found values are
    /// decoded from corrupted memory and may use all 64 bits, hence unsigned.
    /// </summary>
    public sealed record Error(long Page, long ExpectedGeneration, ulong FoundIndex, ulong FoundGeneration) : GuestLine;

    /// <summary><c>EXIT code</c>: the workload ended.</summary>
    public sealed record Exit(int Code) : GuestLine;
}
