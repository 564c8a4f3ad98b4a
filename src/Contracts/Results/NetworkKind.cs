namespace MigrationAspire.Contracts;

/// <summary>Which network carried a run: the lab's own namespaces and links, or the machine's loopback.</summary>
public enum NetworkKind
{
    Netns,
    Loopback,
}
