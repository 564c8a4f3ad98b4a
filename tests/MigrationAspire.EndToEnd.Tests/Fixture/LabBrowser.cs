using Microsoft.Playwright;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// Debian's Chromium (installed by <c>scripts/prereqs.sh test</c>), headless and driven by Playwright; Playwright's
/// own browser downloads are never used. The flags keep it from calling out of the machine (docs/machine-facts.md).
/// </summary>
public sealed class LabBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    ];

    private readonly IPlaywright playwright;

    private LabBrowser(IPlaywright playwright, IBrowser browser) => (this.playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    public static async Task<LabBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/prereqs.sh test installs Debian's chromium");
        var playwright = await Playwright.CreateAsync().WaitAsync(TimeSpan.FromMinutes(1));
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium, Headless = true, ChromiumSandbox = false, Args = Flags, Timeout = 60_000,
            });
            return new LabBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        playwright.Dispose();
    }
}
