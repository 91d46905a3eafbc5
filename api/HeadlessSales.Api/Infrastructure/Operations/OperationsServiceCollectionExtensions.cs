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

        // Traces and metrics only where a collector takes them (issue 22): without an exporter nobody reads them, yet a
        // registered provider records every request (an activity with its tags, the hosting and EF histograms), which
        // is CPU and allocations per request for nothing. Trace ids for errors and the audit log come from the
        // activity ASP.NET Core starts for each request whether or not anything listens.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("HeadlessSales.Api"))
                .WithTracing(tracing => tracing
                    .AddSource(GraphQLRequestExecutor.ActivitySource.Name)
                    .AddAspNetCoreInstrumentation(options => options.Filter = http => http.Request.Path != HealthEndpoint)
                    .AddOtlpExporter())
                .WithMetrics(metrics => metrics
                    .AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.EntityFrameworkCore")
                    .AddOtlpExporter());
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
