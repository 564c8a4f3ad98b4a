using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>
/// The iterative pre-copy model of the live-migration literature (Clark et al. 2005; Akoush et al.
/// 2010, "Predicting the Performance of Virtual Machine Migration"; Liu et al.; Salfner et al.),
/// with QEMU's stop rule. V = memory to send, W = working set, D = dirty rate, R = link rate,
/// T = downtime limit:
/// <list type="bullet">
/// <item>round 0 sends V₀ = V in t₀ = V/R while the guest runs;</item>
/// <item>round i sends what round i − 1 dirtied, V_i = min(W, V, D·t_{i−1}) in t_i = V_i/R.
/// Without the cap this is V·(D/R)^i; the cap says a round cannot find more dirty memory
/// than the guest writes to (nor than it has);</item>
/// <item>before each round, if V_i/R ≤ T (QEMU compares the pending bytes with R·T), the guest
/// is paused and V_i is the stop-and-copy remainder; also when MaxRounds live rounds are done.</item>
/// </list>
/// Downtime = (V_n + device state)/R + switch-over overhead; pre-copy time = Σ t_i over the live
/// rounds; total = pre-copy + downtime; transferred = Σ V_i + V_n + device state.
/// If D ≥ R the amounts never shrink: the run converges only when W/R ≤ T, and is otherwise
/// reported <see cref="ModelOutcome.NonConvergent"/>.
/// Stop-and-copy: downtime = total = (V + device state)/R + overhead.
/// Post-copy: pre-copy for PostcopyAfterRounds rounds (completing as pre-copy if it converges
/// first), then downtime = device state/R + overhead, and the V_k still dirty are pulled
/// afterwards: total = pre-copy + downtime + V_k/R.
/// </summary>
public static class PrecopyModel
{
    /// <exception cref="ArgumentException">A parameter is negative, not finite, or the bandwidth is zero;
    /// the exception's ParamName is the <see cref="MigrationModelInput"/> member.</exception>
    public static ModelPrediction Predict(MigrationModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        var rate = input.BandwidthBytesPerSecond;
        var deviceSeconds = input.DeviceStateBytes / rate;

        if (input.Mode == MigrationMode.Stopcopy)
        {
            var downtime = input.MemoryBytes / rate + deviceSeconds + input.SwitchOverheadSeconds;
            return new ModelPrediction
            {
                Mode = input.Mode,
                Outcome = ModelOutcome.StopAndCopy,
                PrecopyRounds = 0,
                PrecopyTimeSeconds = 0,
                DowntimeSeconds = downtime,
                TotalTimeSeconds = downtime,
                TransferredBytes = input.MemoryBytes + input.DeviceStateBytes,
                StopCopyBytes = input.MemoryBytes,
            };
        }

        var roundLimit = input.Mode == MigrationMode.Postcopy
            ? Math.Min(input.MaxRounds, input.PostcopyAfterRounds)
            : input.MaxRounds;
        var live = LiveRounds.Run(input, roundLimit);
        var converged = live.Pending <= input.DowntimeLimitSeconds * rate;

        if (input.Mode == MigrationMode.Postcopy && !converged)
        {
            var downtime = deviceSeconds + input.SwitchOverheadSeconds;
            return new ModelPrediction
            {
                Mode = input.Mode,
                Outcome = ModelOutcome.SwitchedToPostcopy,
                PrecopyRounds = live.Rounds,
                PrecopyTimeSeconds = live.Seconds,
                DowntimeSeconds = downtime,
                TotalTimeSeconds = live.Seconds + downtime + live.Pending / rate,
                TransferredBytes = live.Bytes + input.DeviceStateBytes + live.Pending,
                StopCopyBytes = 0,
                PostcopyBytes = live.Pending,
            };
        }

        var pausedDowntime = live.Pending / rate + deviceSeconds + input.SwitchOverheadSeconds;
        return new ModelPrediction
        {
            Mode = input.Mode,
            Outcome = converged ? ModelOutcome.Converged
                : input.DirtyRateBytesPerSecond >= rate ? ModelOutcome.NonConvergent
                : ModelOutcome.RoundLimitReached,
            PrecopyRounds = live.Rounds,
            PrecopyTimeSeconds = live.Seconds,
            DowntimeSeconds = pausedDowntime,
            TotalTimeSeconds = live.Seconds + pausedDowntime,
            TransferredBytes = live.Bytes + live.Pending + input.DeviceStateBytes,
            StopCopyBytes = live.Pending,
        };
    }

    /// <summary>The live rounds: how many, how long, how much they sent, and what is left dirty.</summary>
    private readonly record struct LiveRounds(int Rounds, double Seconds, double Bytes, double Pending)
    {
        public static LiveRounds Run(MigrationModelInput input, int roundLimit)
        {
            var rate = input.BandwidthBytesPerSecond;
            var threshold = input.DowntimeLimitSeconds * rate;
            var cap = Math.Min(input.WorkingSetBytes, input.MemoryBytes);
            var state = new LiveRounds(0, 0, 0, input.MemoryBytes);

            while (state.Pending > threshold && state.Rounds < roundLimit)
            {
                var seconds = state.Pending / rate;
                var dirtied = Math.Min(cap, input.DirtyRateBytesPerSecond * seconds);
                if (dirtied == state.Pending)
                {
                    // A fixed point (D ≥ R with the cap binding): every remaining round is the same.
                    var remaining = roundLimit - state.Rounds;
                    return new LiveRounds(
                        roundLimit, state.Seconds + remaining * seconds, state.Bytes + remaining * state.Pending, dirtied);
                }

                state = new LiveRounds(state.Rounds + 1, state.Seconds + seconds, state.Bytes + state.Pending, dirtied);
            }

            return state;
        }
    }
}
