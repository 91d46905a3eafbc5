using System.Reflection;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HeadlessSales.Api.Infrastructure.Data;

/// <summary>
/// The one model of the application. Each database provider derives its own context so that it
/// carries its own migrations; the model itself is provider-neutral.
/// </summary>
public abstract class SalesDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>
    /// The tenant whose rows this context can see. Code that must look across tenants (seeding, system
    /// jobs) says so with <c>IgnoreQueryFilters()</c> on the query, where a reviewer sees it.
    /// </summary>
    public long CurrentTenantId { get; internal set; }

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<WorkingCalendar> WorkingCalendars => Set<WorkingCalendar>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Contact> Contacts => Set<Contact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SalesDbContext).Assembly, type => !type.IsAbstract);

        var applyTenantFilter = typeof(SalesDbContext).GetMethod(nameof(ApplyTenantFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && entityType.BaseType is null)
            {
                applyTenantFilter.MakeGenericMethod(entityType.ClrType).Invoke(this, [modelBuilder]);
            }
        }
    }

    private void ApplyTenantFilter<T>(ModelBuilder modelBuilder) where T : class, ITenantOwned =>
        modelBuilder.Entity<T>().HasQueryFilter(row => row.TenantId == CurrentTenantId);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC on the way in and is marked UTC on the way out, whatever the provider stores.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        toProvider => toProvider.Kind == DateTimeKind.Utc ? toProvider : toProvider.ToUniversalTime(),
        fromProvider => DateTime.SpecifyKind(fromProvider, DateTimeKind.Utc));
}

public sealed class SqliteSalesDbContext(DbContextOptions<SqliteSalesDbContext> options) : SalesDbContext(options);

public sealed class PostgreSqlSalesDbContext(DbContextOptions<PostgreSqlSalesDbContext> options) : SalesDbContext(options);

public sealed class SqlServerSalesDbContext(DbContextOptions<SqlServerSalesDbContext> options) : SalesDbContext(options);
