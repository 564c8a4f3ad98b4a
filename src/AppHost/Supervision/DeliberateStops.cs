namespace MigrationAspire.AppHost.Supervision;

/// <summary>
/// Wraps a resource's Stop and Restart commands (the dashboard's buttons, and <see cref="ResourceCommandService"/>)
/// so the policy hears that a stop is wanted before the resource ends: the orchestrator reports a stopped process
/// with the same states as a crashed one.
/// </summary>
internal static class DeliberateStops
{
    private static readonly string[] StoppingCommands = [KnownResourceCommands.StopCommand, KnownResourceCommands.RestartCommand];

    /// <summary>Once per resource; the orchestrator has added its lifecycle commands by the time it starts the resource.</summary>
    public static void Watch(IResource resource, RestartPolicy policy, ILogger logger)
    {
        if (resource.TryGetLastAnnotation<WatchedAnnotation>(out _))
            return;
        foreach (var name in StoppingCommands)
        {
            var at = resource.Annotations.ToList().FindIndex(a => a is ResourceCommandAnnotation command && command.Name == name);
            if (at < 0)
            {
                logger.LogWarning("{Resource} has no {Command} command: a stop from the dashboard cannot be told from a crash", resource.Name, name);
                continue;
            }
            resource.Annotations[at] = Noticing((ResourceCommandAnnotation)resource.Annotations[at], policy);
        }
        resource.Annotations.Add(new WatchedAnnotation());
    }

    private static ResourceCommandAnnotation Noticing(ResourceCommandAnnotation command, RestartPolicy policy) =>
        new(command.Name, command.DisplayName, command.UpdateState,
            context =>
            {
                policy.StopRequested(context.ResourceName);
                return command.ExecuteCommand(context);
            },
            command.DisplayDescription, command.Arguments, command.ConfirmationMessage, command.IconName, command.IconVariant,
            command.IsHighlighted, command.Visibility, command.ValidateArguments);

    private sealed class WatchedAnnotation : IResourceAnnotation;
}
