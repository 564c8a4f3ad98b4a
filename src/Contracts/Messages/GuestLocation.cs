namespace MigrationAspire.Contracts;

/// <summary>Where a guest is after a failed migration.</summary>
[GenerateSerializer]
public enum GuestLocation
{
    /// <summary>Still running on the source host.</summary>
    Source,
    /// <summary>Running on the destination host.</summary>
    Destination,
    /// <summary>Gone: it could not be kept on either host.</summary>
    Lost,
    Unknown,
}
