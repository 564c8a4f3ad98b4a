using MigrationAspire.Api;
using MigrationAspire.Api.Analytics;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Hosts;
using MigrationAspire.Api.Live;
using MigrationAspire.Api.Pages;
using MigrationAspire.Api.Runs;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyedRedisClient("redis");
builder.AddRedisClient("redis");
builder.UseOrleansClient();
builder.AddApi();
builder.Services.AddHealthChecks().AddStartupCheck();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapExperiments();
app.MapRuns();
app.MapHosts();
app.MapLive();
app.MapAnalyticsProxy();
app.MapPages();
app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
