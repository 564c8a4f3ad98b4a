using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Guest;

// The commands the host types on the console, each answered by one line (guest/PROTOCOL.md).
public sealed partial class GuestConsole
{
    private (string Command, Type Kind, TaskCompletionSource<GuestLine> Answer)? pending;

    /// <summary>Asks the workload to check every page now, and returns its answer.</summary>
    public Task<GuestLine.Verify> VerifyAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        AskAsync<GuestLine.Verify>("verify", timeout, cancellationToken);

    /// <summary>
    /// Test only: has the workload give <paramref name="pages"/> pages of <paramref name="region"/> the contents of
    /// their previous generation, as if a write were lost, without telling its checks. Returns how many it damaged.
    /// </summary>
    public Task<GuestLine.Damaged> DamageAsync(long pages, GuestMemoryRegion region, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
        var word = region switch
        {
            GuestMemoryRegion.All => "all",
            GuestMemoryRegion.WorkingSet => "ws",
            GuestMemoryRegion.Resident => "resident",
            _ => throw new ArgumentOutOfRangeException(nameof(region), region, "not a region of guest memory"),
        };
        return AskAsync<GuestLine.Damaged>($"damage {pages} {word}", timeout, cancellationToken);
    }

    /// <summary>
    /// The first heartbeat printed after <paramref name="seq"/>. After a <c>V</c> line, it carries the running error
    /// total with that verify's findings included.
    /// </summary>
    public async Task<TimedHeartbeat> HeartbeatAfterAsync(long seq, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (LastHeartbeat is { } last && last.Seq > seq)
                return last;
            if (DateTimeOffset.UtcNow >= deadline || Completion.IsCompleted)
                throw new TimeoutException($"The guest printed no heartbeat after seq {seq} within {timeout.TotalSeconds:0.#} s; its console said: {Tail()}");
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task<T> AskAsync<T>(string command, TimeSpan timeout, CancellationToken cancellationToken) where T : GuestLine
    {
        var answer = new TaskCompletionSource<GuestLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (pending is { } busy)
                throw new InvalidOperationException($"'{busy.Command}' is still waiting for its answer on this console.");
            pending = (command, typeof(T), answer);
        }
        try
        {
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(command + "\n"), cancellationToken);
            return (T)await answer.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The guest did not answer '{command}' within {timeout.TotalSeconds:0.#} s; its console said: {Tail()}");
        }
        finally
        {
            lock (gate) pending = null;
        }
    }

    /// <summary>Called under the gate with an answer line; a line nobody asked for is only remembered.</summary>
    private void Answer(GuestLine line)
    {
        if (pending is { } asked && asked.Kind == line.GetType())
            asked.Answer.TrySetResult(line);
    }
}
