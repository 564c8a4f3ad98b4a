using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Convergence;

/// <summary>
/// KubeVirt's stall detector (VEP 248; pkg/virt-launcher/virtwrap/stall-detector.go), replayed over the pass
/// records from the start so that it stays a pure function of the history. At each pass boundary:
/// <list type="bullet">
/// <item>stalled when remaining ≥ (1 − margin) × the smallest remaining among passes that began at least a window
/// earlier; the switch-over target is then the smallest remaining seen so far;</item>
/// <item>after that, each boundary's remaining goes into a history; when the patience (first a window, then
/// × decay each time) runs out, the target becomes the smallest value in that history (relaxation);</item>
/// <item>the latest pass is at a local minimum when remaining ≤ (1 + margin) × the target.</item>
/// </list>
/// Margins are compared in decimal arithmetic, so "exactly at the margin" means exactly.
/// </summary>
public static class StallDetector
{
    public static StallState Replay(IReadOnlyList<PassRecord> passes, StallPolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentNullException.ThrowIfNull(spec);
        var windowMs = spec.WindowSeconds * 1000;
        var margin = (decimal)spec.MarginPercent;
        var candidates = new List<PassRecord>();
        var history = new PriorityQueue<long, long>();
        PassRecord? outside = null;
        var state = new StallState();
        double patienceMs = 0, deadlineMs = 0;

        foreach (var pass in passes)
        {
            // Candidates age out of the window in order; only a new minimum can matter later.
            while (candidates.Count > 0 && pass.AtMs - candidates[0].AtMs >= windowMs)
            {
                if (outside is null || candidates[0].RemainingBytes < outside.RemainingBytes)
                    outside = candidates[0];
                candidates.RemoveAt(0);
            }
            if (!(outside is not null && pass.RemainingBytes > outside.RemainingBytes)
                && !(candidates.Count > 0 && pass.RemainingBytes >= candidates[^1].RemainingBytes))
                candidates.Add(pass);

            if (state.Stalled)
            {
                history.Enqueue(pass.RemainingBytes, pass.RemainingBytes);
                if (pass.AtMs >= deadlineMs)
                {
                    state = state with { BestRemainingBytes = history.Dequeue(), Relaxations = state.Relaxations + 1 };
                    patienceMs *= spec.PatienceDecay;
                    deadlineMs = pass.AtMs + patienceMs;
                }
            }
            else if (outside is not null && pass.RemainingBytes * 100m >= outside.RemainingBytes * (100 - margin))
            {
                state = state with
                {
                    StalledAtMs = pass.AtMs,
                    BestRemainingBytes = candidates.Select(c => c.RemainingBytes).Append(outside.RemainingBytes).Min(),
                };
                patienceMs = windowMs;
                deadlineMs = pass.AtMs + patienceMs;
            }
            state = state with
            {
                OutsideWindowMinimum = outside?.RemainingBytes,
                AtLocalMinimum = state.BestRemainingBytes is { } best && pass.RemainingBytes * 100m <= best * (100 + margin),
            };
        }
        return state;
    }
}
