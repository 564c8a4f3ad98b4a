namespace MigrationAspire.AppHost.Infrastructure;

/// <summary>Where the lab keeps its state: one git-ignored directory, so tests can use another.</summary>
public sealed record LabPaths(string RepositoryRoot, string LabDirectory, string GuestDirectory)
{
    public static LabPaths From(IDistributedApplicationBuilder builder)
    {
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        var lab = Path.GetFullPath(builder.Configuration["Lab:Directory"] ?? Path.Combine(root, ".lab"));
        var guest = Path.GetFullPath(builder.Configuration["Lab:GuestDirectory"] ?? Path.Combine(root, "guest", "build", "current"));
        Directory.CreateDirectory(lab);
        return new LabPaths(root, lab, guest);
    }

    public string For(string component)
    {
        var path = Path.Combine(LabDirectory, component);
        Directory.CreateDirectory(path);
        return path;
    }
}
