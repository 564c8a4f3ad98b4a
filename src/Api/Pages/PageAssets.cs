using System.Collections.Frozen;

namespace MigrationAspire.Api.Pages;

/// <summary>One file of the pages, embedded in this assembly (<c>Pages/Assets</c>).</summary>
internal sealed record PageAsset(byte[] Content, string ContentType);

/// <summary>The pages' HTML, scripts and styles, read once from the assembly's resources <c>pages/&lt;file&gt;</c>.</summary>
internal static class PageAssets
{
    private const string Prefix = "pages/";

    private static readonly FrozenDictionary<string, PageAsset> Assets = Load();

    public static PageAsset? Find(string name) => Assets.GetValueOrDefault(name);

    private static FrozenDictionary<string, PageAsset> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var assets = new Dictionary<string, PageAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var name = resource[Prefix.Length..];
            assets[name] = new PageAsset(buffer.ToArray(), ContentType(name));
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
