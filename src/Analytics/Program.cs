using MigrationAspire.Analytics;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAnalytics();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapAnalytics();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
