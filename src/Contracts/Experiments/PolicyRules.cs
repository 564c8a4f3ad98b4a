using static MigrationAspire.Contracts.PolicyLimits;
using static MigrationAspire.Contracts.RunSpecRules;
using static MigrationAspire.Contracts.SpecLimits;

namespace MigrationAspire.Contracts;

/// <summary>
/// The rules for <c>migration.policy</c>. Every kind's settings are checked, not only the chosen kind's: they are
/// all in the run's spec, and a sweep of the kind may use any of them.
/// </summary>
internal static class PolicyRules
{
    private const string Policy = "migration.policy";

    public static void Check(ConvergencePolicySpec? policy, List<FieldError> errors)
    {
        if (policy is null)
        {
            errors.Add(new(Policy, $"{Policy} cannot be null; leave it out for the static policy."));
            return;
        }
        Defined(errors, $"{Policy}.kind", policy.Kind);
        foreach (var (name, part) in new (string, object?)[] { ("stepped", policy.Stepped), ("ramp", policy.Ramp), ("stall", policy.Stall) })
            if (part is null)
                errors.Add(new($"{Policy}.{name}", $"{Policy}.{name} cannot be null; leave it out to take its defaults."));
        if (policy.Stepped is { } stepped)
            CheckStepped(stepped, errors);
        if (policy.Ramp is { } ramp)
            CheckRamp(ramp, errors);
        if (policy.Stall is { } stall)
            CheckStall(stall, errors);
    }

    private static void CheckStepped(SteppedPolicySpec stepped, List<FieldError> errors)
    {
        const string at = $"{Policy}.stepped";
        Range(errors, $"{at}.downtimeMs", stepped.DowntimeMs, MinDowntimeLimitMs, MaxDowntimeLimitMs, " ms");
        Range(errors, $"{at}.steps", stepped.Steps, MinSteps, MaxSteps);
        if (stepped.Steps >= MinSteps && stepped.DowntimeMs >= MinDowntimeLimitMs && stepped.Steps > stepped.DowntimeMs)
            errors.Add(new($"{at}.steps", Invariant(
                $"{at}.steps must be at most {at}.downtimeMs ({stepped.DowntimeMs}), so that the first step, downtime / steps, is at least 1 ms (was {stepped.Steps}).")));
        Positive(errors, $"{at}.delaySecondsPerGiB", stepped.DelaySecondsPerGiB, MaxDelaySecondsPerGiB, " s");
        Range(errors, $"{at}.minimumGiB", stepped.MinimumGiB, 0, MaxMinimumGiB, " GiB");
    }

    private static void CheckRamp(RampPolicySpec ramp, List<FieldError> errors)
    {
        const string at = $"{Policy}.ramp";
        Range(errors, $"{at}.initialMs", ramp.InitialMs, MinDowntimeLimitMs, MaxDowntimeLimitMs, " ms");
        Range(errors, $"{at}.maxMs", ramp.MaxMs, MinDowntimeLimitMs, MaxDowntimeLimitMs, " ms");
        if (ramp.MaxMs < ramp.InitialMs)
            errors.Add(new($"{at}.maxMs", Invariant(
                $"{at}.maxMs must be at least {at}.initialMs ({ramp.InitialMs} ms): a ramp cannot end below its start (was {ramp.MaxMs}).")));
        Range(errors, $"{at}.steps", ramp.Steps, MinSteps, MaxSteps);
        Range(errors, $"{at}.startAfterPass", ramp.StartAfterPass, 0, MaxStartAfterPass);
        Positive(errors, $"{at}.cooldownSeconds", ramp.CooldownSeconds, MaxSeconds, " s");
    }

    private static void CheckStall(StallPolicySpec stall, List<FieldError> errors)
    {
        const string at = $"{Policy}.stall";
        Positive(errors, $"{at}.windowSeconds", stall.WindowSeconds, MaxSeconds, " s");
        if (!(stall.MarginPercent > 0 && stall.MarginPercent < 100))
            errors.Add(new($"{at}.marginPercent", Invariant(
                $"{at}.marginPercent must be greater than 0 and less than 100 % (was {stall.MarginPercent}).")));
        Positive(errors, $"{at}.ewmaAlpha", stall.EwmaAlpha, 1);
        Defined(errors, $"{at}.action", stall.Action);
        Range(errors, $"{at}.maxDowntimeMs", stall.MaxDowntimeMs, MinDowntimeLimitMs, MaxDowntimeLimitMs, " ms");
        Range(errors, $"{at}.precopyPossibleFactor", stall.PrecopyPossibleFactor, MinPrecopyPossibleFactor, MaxPrecopyPossibleFactor);
        Positive(errors, $"{at}.patienceDecay", stall.PatienceDecay, 1);
        Positive(errors, $"{at}.switchoverTimeoutSeconds", stall.SwitchoverTimeoutSeconds, MaxSeconds, " s");
    }

    /// <summary>A value in (0, max]: zero would make a step, window or weight that never moves.</summary>
    private static void Positive(List<FieldError> errors, string path, double value, double max, string unit = "")
    {
        if (!(value > 0 && value <= max))
            errors.Add(new(path, Invariant($"{path} must be greater than 0 and at most {max}{unit} (was {value}).")));
    }
}
