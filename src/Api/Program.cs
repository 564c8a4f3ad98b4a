using MigrationAspire.Api;
using MigrationAspire.Api.Analytics;
using MigrationAspire.Api.Dependencies;
using MigrationAspire.Api.Experiments;
using MigrationAspire.Api.Hosts;
using MigrationAspire.Api.Live;
using MigrationAspire.Api.Pages;
using MigrationAspire.Api.Runs;
using MigrationAspire.Api.Studies;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyedRedisClient("redis");
builder.AddRedisClient("redis", configureOptions: RedisFailFast.Configure);
builder.UseOrleansClient(client => client.AddOutgoingGrainCallFilter<SchedulerUnreachableMarker>());
builder.AddApi();
builder.Services.AddHealthChecks().AddStartupCheck();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapOpenApi();
// Analytics documents its own routes; the reference shows them beside the API's, served through the proxy.
app.MapScalarApiReference(reference => reference
    .AddDocument("v1", "Lab API", isDefault: true)
    .AddDocument("analytics", "Analytics", "/api/analytics/openapi/v1.json"));
app.MapExperiments();
app.MapRuns();
app.MapHosts();
app.MapLive();
app.MapAnalyticsProxy();
app.MapStudies();
app.MapPages();
app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
