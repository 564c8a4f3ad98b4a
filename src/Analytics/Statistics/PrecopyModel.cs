using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>
/// The pre-copy model of the live-migration literature (Clark et al. 2005; Akoush et al.
/// 2010, "Predicting the Performance of Virtual Machine Migration"; Liu et al.; Salfner et al.),
/// with QEMU's stop rule. V = memory to send, W = working set, D = dirty rate, R = link rate,
/// T = downtime limit:
/// <list type="bullet">
/// <item>pass 0 sends V₀ = V in t₀ = V/R while the guest runs;</item>
/// <item>pass i sends what pass i − 1 dirtied, V_i = min(W, V, D·t_{i−1}) in t_i = V_i/R.
/// Without the cap this is V·(D/R)^i; the cap says a pass cannot find more dirty memory
/// than the guest writes to (nor than it has);</item>
/// <item>before each pass, if V_i/R ≤ T (QEMU compares the pending bytes with R·T), the guest
/// is paused and V_i is the stop-and-copy remainder; also when MaxPasses live passes are done.</item>
/// </list>
/// Downtime = (V_n + device state)/R + switch-over overhead; pre-copy time = Σ t_i over the live
/// passes; total = pre-copy + downtime; transferred = Σ V_i + V_n + device state.
/// If D ≥ R the amounts never shrink: the run converges only when W/R ≤ T, and is otherwise
/// reported <see cref="ModelOutcome.NonConvergent"/>.
/// Stop-and-copy: downtime = total = (V + device state)/R + overhead.
/// Post-copy: pre-copy for PostcopyAfterPasses passes (completing as pre-copy if it converges
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
                PrecopyPasses = 0,
                PrecopyTimeSeconds = 0,
                DowntimeSeconds = downtime,
                TotalTimeSeconds = downtime,
                TransferredBytes = input.MemoryBytes + input.DeviceStateBytes,
                StopCopyBytes = input.MemoryBytes,
            };
        }

        var passLimit = input.Mode == MigrationMode.Postcopy
            ? Math.Min(input.MaxPasses, input.PostcopyAfterPasses)
            : input.MaxPasses;
        var live = LivePasses.Run(input, passLimit);
        var converged = live.Pending <= input.DowntimeLimitSeconds * rate;

        if (input.Mode == MigrationMode.Postcopy && !converged)
        {
            var downtime = deviceSeconds + input.SwitchOverheadSeconds;
            return new ModelPrediction
            {
                Mode = input.Mode,
                Outcome = ModelOutcome.SwitchedToPostcopy,
                PrecopyPasses = live.Passes,
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
                : ModelOutcome.PassLimitReached,
            PrecopyPasses = live.Passes,
            PrecopyTimeSeconds = live.Seconds,
            DowntimeSeconds = pausedDowntime,
            TotalTimeSeconds = live.Seconds + pausedDowntime,
            TransferredBytes = live.Bytes + live.Pending + input.DeviceStateBytes,
            StopCopyBytes = live.Pending,
        };
    }

    /// <summary>The live passes: how many, how long, how much they sent, and what is left dirty.</summary>
    private readonly record struct LivePasses(int Passes, double Seconds, double Bytes, double Pending)
    {
        public static LivePasses Run(MigrationModelInput input, int passLimit)
        {
            var rate = input.BandwidthBytesPerSecond;
            var threshold = input.DowntimeLimitSeconds * rate;
            var cap = Math.Min(input.WorkingSetBytes, input.MemoryBytes);
            var state = new LivePasses(0, 0, 0, input.MemoryBytes);

            while (state.Pending > threshold && state.Passes < passLimit)
            {
                var seconds = state.Pending / rate;
                var dirtied = Math.Min(cap, input.DirtyRateBytesPerSecond * seconds);
                if (dirtied == state.Pending)
                {
                    // A fixed point (D ≥ R with the cap binding): every remaining pass is the same.
                    var remaining = passLimit - state.Passes;
                    return new LivePasses(
                        passLimit, state.Seconds + remaining * seconds, state.Bytes + remaining * state.Pending, dirtied);
                }

                state = new LivePasses(state.Passes + 1, state.Seconds + seconds, state.Bytes + state.Pending, dirtied);
            }

            return state;
        }
    }
}
