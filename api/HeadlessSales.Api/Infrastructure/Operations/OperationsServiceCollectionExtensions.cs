using HeadlessSales.Api.GraphQL.Execution;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HeadlessSales.Api.Infrastructure.Operations;

public static class OperationsServiceCollectionExtensions
{
    public const string HealthEndpoint = "/healthz";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object a line, with scopes, for log shippers.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(options => options.IncludeScopes = true);
        }

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("HeadlessSales.Api"))
            .WithTracing(tracing => tracing
                .AddSource(GraphQLRequestExecutor.ActivitySource.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = http => http.Request.Path != HealthEndpoint))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.EntityFrameworkCore"));

        // Export only where a collector is configured; otherwise the instrumentation stays in-process.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter()).WithMetrics(metrics => metrics.AddOtlpExporter());
        }

        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpoint);
        return app;
    }

    private sealed class DatabaseHealthCheck(ISalesDbContextPool pool) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var db = pool.RentAcrossTenants();
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}
