using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace HeadlessSales.Api.Infrastructure.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddSalesData(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = ResolveConnectionString(options, dataFolder);
        services.AddSingleton(options);

        // Pooled factories: each resolver and each DataLoader batch rents its own short-lived context,
        // which is what makes GraphQL.NET's parallel field execution safe (a DbContext is not thread-safe).
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteSalesDbContext>((sp, db) => Configure(sp, db.UseSqlite(connectionString).AddInterceptors(SqliteInterruptOnCancellation.Instance)));
                services.AddSingleton<ISalesDbContextPool, SalesDbContextPool<SqliteSalesDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                // Every resolver step of a request rents a context and opens a pooled connection; with Npgsql's default
                // each return queues a DISCARD ALL before the next command, a round trip per step. We keep no session
                // state (tenant and visibility are query parameters, never SET or temp tables), so there is nothing to reset.
                var postgres = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
                services.AddPooledDbContextFactory<PostgreSqlSalesDbContext>((sp, db) => Configure(sp, db.UseNpgsql(postgres)));
                services.AddSingleton<ISalesDbContextPool, SalesDbContextPool<PostgreSqlSalesDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddPooledDbContextFactory<SqlServerSalesDbContext>((sp, db) => Configure(sp, db.UseSqlServer(connectionString)));
                services.AddSingleton<ISalesDbContextPool, SalesDbContextPool<SqlServerSalesDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{options.Provider}'.");
        }

        services.AddScoped<SalesDbContextFactory>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    public static string ResolveConnectionString(DatabaseOptions options, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException($"Database:ConnectionString is required for the {options.Provider} provider.");
        }

        Directory.CreateDirectory(dataFolder);
        return $"Data Source={Path.Combine(dataFolder, "headlesssales.db")};Pooling=True;Default Timeout=30";
    }

    private static void Configure(IServiceProvider services, DbContextOptionsBuilder builder)
    {
        foreach (var interceptor in services.GetServices<IInterceptor>())
        {
            builder.AddInterceptors(interceptor);
        }
    }
}

/// <summary>Hides which provider-specific context type is in use.</summary>
public interface ISalesDbContextPool
{
    /// <summary>A context that sees all rows of one tenant: for system work inside a tenant.</summary>
    SalesDbContext Rent(long tenantId);

    /// <summary>A context that sees what <paramref name="actor"/> may see.</summary>
    SalesDbContext Rent(Actor actor);

    /// <summary>For migrations, seeding and system jobs: bound to no tenant, so it reads tenant-owned rows only with IgnoreQueryFilters().</summary>
    SalesDbContext RentAcrossTenants();
}

internal sealed class SalesDbContextPool<TContext>(IDbContextFactory<TContext> factory) : ISalesDbContextPool
    where TContext : SalesDbContext
{
    public SalesDbContext Rent(long tenantId)
    {
        var context = factory.CreateDbContext();
        context.CurrentTenantId = tenantId;
        context.SeesWholeTenant = true;
        context.VisibleOwnerIds = [];
        // A pooled context may come back from a rent whose transaction was never committed.
        context.EarliestTimerWritten = null;
        context.ResetJournal();
        return context;
    }

    public SalesDbContext Rent(Actor actor)
    {
        var context = factory.CreateDbContext();
        context.CurrentTenantId = actor.TenantId;
        context.SeesWholeTenant = actor.VisibleOwnerIds is null;
        context.VisibleOwnerIds = actor.VisibleOwnerIds?.ToList() ?? [];
        // A pooled context may come back from a rent whose transaction was never committed.
        context.EarliestTimerWritten = null;
        context.ResetJournal();
        return context;
    }

    public SalesDbContext RentAcrossTenants()
    {
        var context = factory.CreateDbContext();
        // Tenant 0 owns nothing: tenant-owned rows are reachable only through IgnoreQueryFilters().
        context.CurrentTenantId = 0;
        context.SeesWholeTenant = false;
        context.VisibleOwnerIds = [];
        // A pooled context may come back from a rent whose transaction was never committed.
        context.EarliestTimerWritten = null;
        context.ResetJournal();
        return context;
    }
}

/// <summary>Hands out contexts bound to the tenant of the current request or connection.</summary>
public sealed class SalesDbContextFactory(ISalesDbContextPool pool, CurrentActor actor)
{
    public SalesDbContext Create() => pool.Rent(actor.Actor);
}
