using System.Security.Cryptography;

namespace MigrationAspire.AppHost.Infrastructure;

/// <summary>
/// Credentials generated per lab, so that no other user of the machine can reach its broker or its store (a message
/// on the bus drives QEMU). Kept readable by the owner only under the lab directory, so a restarted lab opens the
/// data its broker and store already hold; a lab directory of its own (the end-to-end tests') gets its own.
/// </summary>
public static class LabSecrets
{
    /// <summary>The lab's secret <paramref name="name"/>, generated the first time; <paramref name="created"/> says it was.</summary>
    public static string GetOrCreate(LabPaths paths, string name, out bool created)
    {
        var directory = paths.For("secrets");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = Path.Combine(directory, name);
        created = !File.Exists(file);
        if (created)
            WritePrivate(file, RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32));
        return File.ReadAllText(file).Trim();
    }

    /// <summary>An Aspire secret parameter holding the lab's secret <paramref name="name"/>, whose value is <paramref name="value"/>.</summary>
    public static IResourceBuilder<ParameterResource> AddLabSecret(
        this IDistributedApplicationBuilder builder, LabPaths paths, string name, out string value, out bool created)
    {
        value = GetOrCreate(paths, name, out created);
        return builder.AddParameter(name, value, secret: true);
    }

    /// <summary>Writes a file only its owner can read (it holds a credential), whatever the umask.</summary>
    public static void WritePrivate(string path, string contents)
    {
        using (File.Create(path, 1, FileOptions.None)) { }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, contents);
    }
}
