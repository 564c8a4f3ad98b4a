using System.Net;
using MigrationAspire.Api.Tests.Infrastructure;

namespace MigrationAspire.Api.Tests.Experiments;

/// <summary>
/// The body limit as a client sees it over a real connection to Kestrel (the in-memory test server has no
/// sockets): a body far over the limit gets the 413 problem, not a reset connection.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BodyLimitOverTcpTests(ApiFixture api)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_fifty_megabytes_over_tcp_gets_413_naming_the_limit(bool expectContinue)
    {
        await using var kestrel = new ApiFactory(api.Settings(api.Analytics.Address));
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();
        client.Timeout = TestTimeouts.Step;
        using var content = new ByteArrayContent(AdversarialRequestTests.Padded(50_000_000));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/experiments") { Content = content };
        request.Headers.ExpectContinue = expectContinue;

        using var response = await client.SendAsync(request).Within();

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("larger than 1024 KiB (1048576 bytes)", problem.Detail);
    }
}
