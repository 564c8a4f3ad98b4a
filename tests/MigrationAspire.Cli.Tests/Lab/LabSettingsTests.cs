using MigrationAspire.Cli.Lab;

namespace MigrationAspire.Cli.Tests.Lab;

public sealed class LabSettingsTests
{
    [Theory]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("https://lab.example:8443/base/", "https://lab.example:8443/base/")]
    [InlineData("http://10.0.0.5:5080/base", "http://10.0.0.5:5080/base/")]
    public void An_api_address_gains_a_trailing_slash_so_routes_append_to_it(string given, string expected) =>
        Assert.Equal(expected, LabSettings.Parse(given)?.ToString());

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("ftp://lab/")]
    [InlineData("not a url")]
    public void An_api_address_that_is_not_http_is_refused(string given) =>
        Assert.Null(LabSettings.Parse(given));

    [Fact]
    public void Routes_resolve_below_the_api_address_even_with_a_base_path()
    {
        using var lab = new LabClient(LabSettings.Parse("http://lab:5080/base")!);

        Assert.Equal("http://lab:5080/base/experiments/exp-1a2b3c4d", lab.LivePage("exp-1a2b3c4d").ToString());
        Assert.Equal("http://lab:5080/base/api/analytics/experiments/exp-1a2b3c4d/report", lab.Report("exp-1a2b3c4d").ToString());
    }
}
