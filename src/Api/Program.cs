var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyedRedisClient("redis");
builder.AddRedisClient("redis");
builder.UseOrleansClient();
builder.Services.AddHealthChecks().AddStartupCheck();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
