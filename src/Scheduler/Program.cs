using MigrationAspire.Scheduler;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddKeyedRedisClient("redis");
builder.AddScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
