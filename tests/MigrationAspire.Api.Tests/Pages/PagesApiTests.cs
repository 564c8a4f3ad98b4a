using System.Net;
using System.Text.RegularExpressions;
using MigrationAspire.Api.Tests.Infrastructure;

namespace MigrationAspire.Api.Tests.Pages;

[Collection(ApiCollection.Name)]
public sealed partial class PagesApiTests(ApiFixture api)
{
    [Fact]
    public async Task An_experiments_live_page_is_html_that_loads_only_the_labs_own_scripts()
    {
        var experiment = await api.Client.CreateExperimentAsync("""{"name": "page"}""");

        using var response = await api.Client.GetAsync($"/experiments/{experiment.Id}").Within();

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/pages/format.js", "/pages/chart.js", "/pages/experiment.js"], scripts);
        foreach (var script in scripts)
        {
            using var asset = await api.Client.GetAsync(script).Within();
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task An_unknown_experiment_has_no_page_but_a_404_naming_it()
    {
        using var response = await api.Client.GetAsync("/experiments/exp-%3Cb%3Enone").Within();

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No experiment has the id 'exp-&lt;b&gt;none'", html);
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public async Task The_list_page_and_its_script_are_served_and_the_root_leads_to_it()
    {
        using var list = await api.Client.GetAsync("/experiments").Within();
        using var root = await api.Factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/").Within();

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("/pages/experiments.js", await list.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/experiments", root.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("lab.css")]
    [InlineData("format.js")]
    [InlineData("chart.js")]
    [InlineData("experiment.js")]
    [InlineData("experiments.js")]
    [InlineData("experiment.html")]
    [InlineData("experiments.html")]
    [InlineData("icon.svg")]
    public async Task No_page_file_names_an_address_outside_the_lab(string file)
    {
        using var response = await api.Client.GetAsync($"/pages/{file}").Within();

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The SVG namespace is a name, not an address anything fetches.
        Assert.Empty(AbsoluteUrl().Matches(text.Replace("http://www.w3.org/2000/svg", "")));
    }

    [Fact]
    public async Task A_file_that_is_not_part_of_the_pages_is_not_found()
    {
        using var response = await api.Client.GetAsync("/pages/..%2Fappsettings.json").Within();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();
}
