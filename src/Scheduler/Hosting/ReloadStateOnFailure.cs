namespace MigrationAspire.Scheduler.Hosting;

/// <summary>
/// A grain method that throws may have changed the grain's state in memory without storing it. Such an
/// activation is deactivated, so the next call reloads the last stored state instead of acting on a state
/// that never was (the caller sees the exception and may retry).
/// </summary>
public sealed class ReloadStateOnFailure(ILogger<ReloadStateOnFailure> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (IsLabGrain(context))
        {
            logger.LogWarning(e, "{Grain}.{Method} failed; the activation reloads its stored state", context.TargetId, context.MethodName);
            // No exception in the reason: Orleans fails every call queued behind one that carries an exception with
            // that exception (as for an activation that never started); without one they go to a fresh activation.
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"a call failed part-way: {e.Message}"));
            throw;
        }
    }

    private static bool IsLabGrain(IIncomingGrainCallContext context) =>
        context.Grain?.GetType().Namespace?.StartsWith("MigrationAspire.", StringComparison.Ordinal) == true;
}
