using System.Reflection;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Auditing;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Scheduling;
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

    /// <summary>True when the actor sees every customer of the tenant; otherwise only those owned by <see cref="VisibleOwnerIds"/>.</summary>
    public bool SeesWholeTenant { get; internal set; }

    public List<long> VisibleOwnerIds { get; internal set; } = [];

    /// <summary>The earliest due time of the timers written through this context and not yet announced to the timer loop.</summary>
    internal DateTime? EarliestTimerWritten { get; set; }

    /// <summary>Events recorded for the journal and not yet written: the next save writes them (see EventJournalInterceptor).</summary>
    internal List<Func<IDomainEvent>> JournalPending { get; } = [];

    /// <summary>Events written to the journal in the open transaction: published on the bus at its commit.</summary>
    internal List<IDomainEvent> JournalWritten { get; } = [];

    /// <summary>True while a save runs in a transaction the journal opened for it.</summary>
    internal bool JournalOwnsTransaction { get; set; }

    /// <summary>A pooled context comes back clean of an earlier rent's unsaved or uncommitted events.</summary>
    internal void ResetJournal()
    {
        JournalPending.Clear();
        JournalWritten.Clear();
        JournalOwnsTransaction = false;
    }

    /// <summary>For writes the change tracker does not see (bulk inserts): the timer loop hears of them at the commit.</summary>
    public void NoteTimerWritten(DateTime dueAt)
    {
        if (EarliestTimerWritten is not { } earliest || dueAt < earliest)
        {
            EarliestTimerWritten = dueAt;
        }
    }

    // The core and the platform's own tables. Each feature adds its tables as extension properties beside its
    // entities (e.g. LeadsDbSets), so that the platform does not know the features built on it.
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<WorkingCalendar> WorkingCalendars => Set<WorkingCalendar>();
    public DbSet<ScheduledTimer> ScheduledTimers => Set<ScheduledTimer>();
    public DbSet<IntegrationClient> IntegrationClients => Set<IntegrationClient>();
    public DbSet<MemberCredential> MemberCredentials => Set<MemberCredential>();
    public DbSet<PasswordToken> PasswordTokens => Set<PasswordToken>();
    public DbSet<PlatformOperator> PlatformOperators => Set<PlatformOperator>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<JournalEntry> JournalEntries => Set<JournalEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ApplyConfigurations(modelBuilder);

        // Every tenant-owned row is seen by its tenant only; a feature whose rows are seen by owner as well declares
        // its own filter (which includes the tenant) in its entity's configuration.
        var applyTenantFilter = typeof(SalesDbContext).GetMethod(nameof(ApplyTenantFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && entityType.BaseType is null && entityType.GetDeclaredQueryFilters().Count == 0)
            {
                applyTenantFilter.MakeGenericMethod(entityType.ClrType).Invoke(this, [modelBuilder]);
            }
        }

        modelBuilder.UseOpenIddict();
        UnboundOpenIddictTexts(modelBuilder);
    }

    /// <summary>
    /// Every entity configuration of the application, as <c>ApplyConfigurationsFromAssembly</c> would apply them,
    /// except that a configuration may take the context: its row visibility filter then reads
    /// <see cref="CurrentTenantId"/>, <see cref="SeesWholeTenant"/> and <see cref="VisibleOwnerIds"/> through it, and EF
    /// puts the context that runs the query in place of the one the model was built with.
    /// </summary>
    private void ApplyConfigurations(ModelBuilder modelBuilder)
    {
        var applyConfiguration = typeof(ModelBuilder).GetMethods().Single(method => method.Name == nameof(ModelBuilder.ApplyConfiguration)
            && method.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>));
        var types = typeof(SalesDbContext).Assembly.GetTypes().Where(type => type is { IsAbstract: false, IsGenericTypeDefinition: false }).OrderBy(type => type.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            foreach (var configured in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)))
            {
                var configuration = type.GetConstructor([typeof(SalesDbContext)]) is { } withContext
                    ? withContext.Invoke([this])
                    : type.GetConstructor(Type.EmptyTypes)?.Invoke(null);
                if (configuration is not null)
                {
                    applyConfiguration.MakeGenericMethod(configured.GenericTypeArguments[0]).Invoke(modelBuilder, [configuration]);
                }
            }
        }
    }

    /// <summary>
    /// The 400-character default (<see cref="ConfigureConventions"/>) is for our own columns. OpenIddict's payloads,
    /// permissions and properties hold tokens and JSON of any length (an authorization code's payload is longer), so
    /// its texts that no key or index needs get no limit.
    /// </summary>
    private static void UnboundOpenIddictTexts(ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => e.ClrType.Namespace?.StartsWith("OpenIddict", StringComparison.Ordinal) == true))
        {
            foreach (var property in entityType.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetMaxLength() == DefaultTextLength
                && !p.IsKey() && !p.IsForeignKey() && !p.IsIndex()))
            {
                property.SetMaxLength(null);
            }
        }
    }

    private const int DefaultTextLength = 400;

    private void ApplyTenantFilter<T>(ModelBuilder modelBuilder) where T : class, ITenantOwned =>
        modelBuilder.Entity<T>().HasQueryFilter(row => row.TenantId == CurrentTenantId);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC on the way in and is marked UTC on the way out, whatever the provider stores.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
        configurationBuilder.Properties<string>().HaveMaxLength(DefaultTextLength);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        toProvider => toProvider.Kind == DateTimeKind.Utc ? toProvider : toProvider.ToUniversalTime(),
        fromProvider => DateTime.SpecifyKind(fromProvider, DateTimeKind.Utc));
}

public sealed class SqliteSalesDbContext(DbContextOptions<SqliteSalesDbContext> options) : SalesDbContext(options);

public sealed class PostgreSqlSalesDbContext(DbContextOptions<PostgreSqlSalesDbContext> options) : SalesDbContext(options);

public sealed class SqlServerSalesDbContext(DbContextOptions<SqlServerSalesDbContext> options) : SalesDbContext(options);
