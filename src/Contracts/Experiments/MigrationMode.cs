namespace MigrationAspire.Contracts;

[GenerateSerializer]
public enum MigrationMode
{
    /// <summary>Iterative pre-copy: the guest runs while dirty pages are copied in passes.</summary>
    Precopy,
    /// <summary>Pause the guest, copy everything, resume it on the destination.</summary>
    Stopcopy,
    /// <summary>Pre-copy for some passes, then run on the destination and fetch pages on demand.</summary>
    Postcopy,
}
