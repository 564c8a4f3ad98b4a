namespace MigrationAspire.AppHost.Supervision;

/// <summary>
/// Starts again what the lab runs when it ends on its own (exited, finished, failed to start) while the app host is
/// not stopping, as <see cref="RestartPolicy"/> says; says so on the terminal, and on the dashboard when it gives up.
/// </summary>
internal sealed class ResourceSupervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    RestartPolicy policy,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ResourceSupervisor> logger) : BackgroundService
{
    private readonly Dictionary<string, string?> states = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (!LabResources.IsLabProcess(update.Resource))
                    continue;
                var (state, stopped) = (update.Snapshot.State?.Text, update.Snapshot.StopTimeStamp);
                var before = states.GetValueOrDefault(update.ResourceId);
                states[update.ResourceId] = state;
                if (state != before)
                    logger.LogDebug("{Resource}: {Before} → {State} (exit code {ExitCode}, stopped at {Stopped:O})",
                        update.ResourceId, before, state, update.Snapshot.ExitCode, stopped);
                if (state == KnownResourceStates.Running)
                    policy.Running(update.ResourceId);
                else if (Ended(state) && !Ended(before) && !Stopping(stoppingToken))
                    await OnEndedAsync(update.Resource, update.ResourceId, state!, update.Snapshot.ExitCode, stopped, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task OnEndedAsync(
        IResource resource, string resourceId, string state, int? exitCode, DateTime? endedAt, CancellationToken stoppingToken)
    {
        var decision = policy.Exited(resourceId, endedAt);
        switch (decision.Action)
        {
            case RestartAction.Restart when decision.Repeated:
                break;
            case RestartAction.Restart:
                logger.LogWarning(
                    "{Resource} ended ({State}, exit code {ExitCode}); starting it again in {Delay} s (restart {Exits} of {Allowed} allowed in {Window})",
                    resource.Name, state, exitCode, decision.Delay.TotalSeconds, decision.Exits, decision.Allowed, decision.Window);
                _ = RestartAsync(resource, resourceId, decision.Delay, stoppingToken);
                break;
            case RestartAction.GiveUp:
                var gaveUp = decision.GaveUpState(exitCode);
                if (!decision.Repeated)
                    logger.LogError("{Resource} is left down. {GaveUp}; start it from the dashboard once the cause is fixed", resource.Name, gaveUp);
                await notifications.PublishUpdateAsync(resource, resourceId, s => s with
                {
                    State = new ResourceStateSnapshot(gaveUp, KnownResourceStateStyles.Error),
                });
                break;
            case RestartAction.Leave when !decision.Repeated:
                logger.LogInformation("{Resource} was stopped on request ({State}); it is not restarted", resource.Name, state);
                break;
        }
    }

    private async Task RestartAsync(IResource resource, string resourceId, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            // Started by hand during the back-off, or the lab is going down: nothing to do.
            if (Stopping(stoppingToken)
                || (notifications.TryGetCurrentState(resourceId, out var current) && !Ended(current.Snapshot.State?.Text)))
                return;
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (result.Success)
                return;
            // A start the orchestrator refused leaves no new state behind: count it as another end, so the budget still holds.
            logger.LogError("Starting {Resource} again failed: {Message}", resource.Name, result.Message);
            await OnEndedAsync(resource, resourceId, "start refused", exitCode: null, endedAt: null, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Restarting {Resource} failed", resource.Name);
        }
    }

    private bool Stopping(CancellationToken stoppingToken) =>
        stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested;

    private static bool Ended(string? state) => state is not null && KnownResourceStates.TerminalStates.Contains(state);
}
