using MigrationAspire.Network.Commands;

namespace MigrationAspire.Network.Tests.Support;

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MigrationAspire.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No MigrationAspire.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Builds the delay line if ./lab has not (cached by content hash: instant when built).</summary>
    public static async Task<string> DelayLineAsync() =>
        (await CommandRunner.RunAsync([Path.Combine(Root, "src", "Network", "DelayLine", "build.sh")])).Trim().Split('\n')[^1];
}
