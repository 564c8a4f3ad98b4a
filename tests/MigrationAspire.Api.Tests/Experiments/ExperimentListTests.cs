using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Tests.Infrastructure;
using MigrationAspire.Api.Tests.Validation;

namespace MigrationAspire.Api.Tests.Experiments;

/// <summary>The experiment list comes in pages that together hold every experiment once, and says how many there are.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExperimentListTests(ApiFixture api)
{
    [Fact]
    public async Task List_following_next_links_gives_every_experiment_once_newest_first()
    {
        for (var i = 0; i < 5; i++)
            await api.Client.CreateExperimentAsync(Specs.ValidJson);
        var index = api.Lab.Index;

        var seen = new List<string>();
        var pages = 0;
        for (var link = "/api/experiments?limit=2"; link is not null; pages++)
        {
            using var response = await api.Client.GetAsync(link).Within();
            var page = await response.ReadAsync<ExperimentPage>();
            Assert.Equal(index.Count, page.Total);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(e => e.Id));
            link = page.Next;
        }

        Assert.Equal(index, seen);
        Assert.Equal((index.Count + 1) / 2, pages);
    }

    [Fact]
    public async Task List_experiment_created_between_pages_shifts_no_page()
    {
        for (var i = 0; i < 4; i++)
            await api.Client.CreateExperimentAsync(Specs.ValidJson);
        var before = api.Lab.Index;
        using var first = await api.Client.GetAsync("/api/experiments?limit=2").Within();
        var next = (await first.ReadAsync<ExperimentPage>()).Next!;

        var created = await api.Client.CreateExperimentAsync(Specs.ValidJson);
        using var second = await api.Client.GetAsync(next).Within();

        var page = await second.ReadAsync<ExperimentPage>();
        Assert.Equal(before.Skip(2).Take(2), page.Items.Select(e => e.Id));
        Assert.Equal(before.Count + 1, page.Total);
        Assert.DoesNotContain(created.Id, page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task List_without_limit_gives_one_hundred_and_a_link_to_the_rest()
    {
        while (api.Lab.Index.Count <= 100)
            api.Lab.Create($"exp-{Guid.NewGuid().ToString("N")[..8]}", Specs.Valid());
        var index = api.Lab.Index;

        using var response = await api.Client.GetAsync("/api/experiments").Within();

        var page = await response.ReadAsync<ExperimentPage>();
        Assert.Equal(index.Take(100), page.Items.Select(e => e.Id));
        Assert.Equal(index.Count, page.Total);
        Assert.Equal($"/api/experiments?limit=100&after={index[99]}", page.Next);
    }

    [Fact]
    public async Task List_last_page_has_no_next_link()
    {
        await api.Client.CreateExperimentAsync(Specs.ValidJson);
        await api.Client.CreateExperimentAsync(Specs.ValidJson);
        var last = api.Lab.Index[^2];

        using var response = await api.Client.GetAsync($"/api/experiments?limit=5&after={last}").Within();

        var page = await response.ReadAsync<ExperimentPage>();
        Assert.Equal([api.Lab.Index[^1]], page.Items.Select(e => e.Id));
        Assert.Null(page.Next);
    }

    [Theory]
    [InlineData("limit=0", "limit", "limit must be between 1 and 1000 (was 0)")]
    [InlineData("limit=1001", "limit", "limit must be between 1 and 1000 (was 1001)")]
    [InlineData("limit=-5", "limit", "(was -5)")]
    [InlineData("after=exp-ffffffff", "after", "after must be the id of a listed experiment")]
    public async Task List_bad_query_returns_400_naming_the_parameter(string query, string parameter, string rule)
    {
        using var response = await api.Client.GetAsync($"/api/experiments?{query}").Within();

        Assert.Contains(rule, Assert.Single((await response.ReadValidationProblemAsync()).Errors[parameter]));
    }

    [Fact]
    public async Task OpenApiDocument_describes_the_page_and_its_parameters()
    {
        var document = await api.Client.GetOpenApiAsync();

        var list = document.GetProperty("paths").GetProperty("/api/experiments").GetProperty("get");
        Assert.Equal(["limit", "after"], list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(list.GetProperty("parameters").EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("description").GetString())));
        Assert.True(list.GetProperty("responses").TryGetProperty("400", out _));
        var page = document.GetProperty("components").GetProperty("schemas").GetProperty(nameof(ExperimentPage));
        Assert.Equal(["items", "total", "next"], page.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }
}
