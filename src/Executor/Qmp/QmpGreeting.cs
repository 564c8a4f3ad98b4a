namespace MigrationAspire.Executor.Qmp;

/// <summary>A QEMU version as QMP reports it; compares by major, minor, micro.</summary>
public sealed record QemuVersion(int Major, int Minor, int Micro) : IComparable<QemuVersion>
{
    public int CompareTo(QemuVersion? other) =>
        other is null ? 1
        : Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Micro.CompareTo(other.Micro);

    public bool IsAtLeast(int major, int minor = 0) => CompareTo(new QemuVersion(major, minor, 0)) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}

/// <summary>The reply of <c>query-version</c>, and the <c>version</c> member of the greeting.</summary>
public sealed record QemuVersionInfo(QemuVersion Qemu, string Package);

/// <summary>
/// The first line QEMU sends: <c>{"QMP": {"version": {...}, "capabilities": ["oob"]}}</c>.
/// <see cref="Capabilities"/> lists what QEMU offers; this client enables none of them (no out-of-band).
/// </summary>
public sealed record QmpGreeting(QemuVersionInfo Version, IReadOnlyList<string> Capabilities)
{
    public QemuVersion QemuVersion => Version.Qemu;
}
