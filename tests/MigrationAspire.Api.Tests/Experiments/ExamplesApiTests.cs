using System.Net;
using System.Text.Json;
using MigrationAspire.Api.Tests.Infrastructure;

namespace MigrationAspire.Api.Tests.Experiments;

[Collection(ApiCollection.Name)]
public sealed class ExamplesApiTests(ApiFixture api)
{
    [Fact]
    public async Task The_examples_are_the_repositorys_specs_and_each_one_is_accepted_as_it_is()
    {
        using var response = await api.Client.GetAsync("/api/experiments/examples").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var examples = JsonDocument.Parse(await response.Content.ReadAsStringAsync().Within()).RootElement.EnumerateArray().ToList();
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "examples"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(files, examples.Select(e => e.GetProperty("name").GetString()));
        foreach (var example in examples)
        {
            using var posted = await api.Client.PostSpecAsync(example.GetProperty("spec").GetRawText());
            Assert.True(posted.StatusCode == HttpStatusCode.Accepted, $"{example.GetProperty("name")}: {(int)posted.StatusCode}");
        }
    }

    [Fact]
    public async Task The_defaults_are_a_complete_spec_with_every_field()
    {
        using var response = await api.Client.GetAsync("/api/experiments/defaults").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var defaults = JsonDocument.Parse(await response.Content.ReadAsStringAsync().Within()).RootElement;
        Assert.Equal(1, defaults.GetProperty("repetitions").GetInt32());
        Assert.True(defaults.GetProperty("vm").GetProperty("memoryMiB").GetInt32() > 0);
        Assert.Equal("precopy", defaults.GetProperty("migration").GetProperty("mode").GetString());
        using var posted = await api.Client.PostSpecAsync(defaults.GetRawText());
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MigrationAspire.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("no MigrationAspire.sln above the test's directory");
    }
}
