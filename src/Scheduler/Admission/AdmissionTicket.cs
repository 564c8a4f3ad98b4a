namespace MigrationAspire.Scheduler.Admission;

[GenerateSerializer]
public enum AdmissionStanding
{
    /// <summary>Neither queued nor admitted: not entered yet, withdrawn, or released.</summary>
    Outside,
    Queued,
    Admitted,
}

/// <summary>Where an experiment stands in the admission queue.</summary>
[GenerateSerializer, Immutable]
public sealed record AdmissionTicket
{
    [Id(0)] public required AdmissionStanding Standing { get; init; }

    /// <summary>1 = admitted next; only while queued.</summary>
    [Id(1)] public int? Position { get; init; }

    [Id(2)] public DateTimeOffset? QueuedSince { get; init; }
}
