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
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, e, "a call failed part-way"));
            throw;
        }
    }

    private static bool IsLabGrain(IIncomingGrainCallContext context) =>
        context.Grain?.GetType().Namespace?.StartsWith("MigrationAspire.", StringComparison.Ordinal) == true;
}
