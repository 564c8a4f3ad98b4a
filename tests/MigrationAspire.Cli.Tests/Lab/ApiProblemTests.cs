using MigrationAspire.Cli.Lab;

namespace MigrationAspire.Cli.Tests.Lab;

public sealed class ApiProblemTests
{
    [Fact]
    public void A_validation_problem_reads_as_one_line_per_broken_rule_naming_its_field()
    {
        const string body = """
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The experiment spec is invalid.","status":400,
             "detail":"vm.memoryMiB: too small (1 more in errors)",
             "errors":{"vm.memoryMiB":["vm.memoryMiB must be between 128 and 16384 (was 64)."],
                       "migration.mode":["migration.mode must be one of precopy, stopcopy, postcopy."]}}
            """;

        var lines = ApiProblem.Read(400, "Bad Request", body).Lines().ToList();

        Assert.Equal(
        [
            "The experiment spec is invalid.",
            "  vm.memoryMiB: vm.memoryMiB must be between 128 and 16384 (was 64).",
            "  migration.mode: migration.mode must be one of precopy, stopcopy, postcopy.",
        ], lines);
    }

    [Fact]
    public void A_problem_without_fields_reads_as_its_title_and_detail()
    {
        var problem = ApiProblem.Read(404, "Not Found", """{"title":"Not found","status":404,"detail":"No experiment has the id 'exp-x'."}""");

        Assert.Equal(["Not found", "  No experiment has the id 'exp-x'."], problem.Lines());
        Assert.Equal(404, problem.Status);
    }

    [Fact]
    public void A_body_that_is_not_problem_details_reads_as_the_status_and_the_text()
    {
        var problem = ApiProblem.Read(502, "Bad Gateway", "upstream went away");

        Assert.Equal(["HTTP 502 Bad Gateway", "  upstream went away"], problem.Lines());
    }
}
