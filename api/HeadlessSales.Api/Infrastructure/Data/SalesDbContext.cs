using HeadlessSales.Api.Infrastructure.Scheduling;
using System.Reflection;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.ProcessHealth.Alerts;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Auditing;
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

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<WorkingCalendar> WorkingCalendars => Set<WorkingCalendar>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<AssignmentRule> AssignmentRules => Set<AssignmentRule>();
    public DbSet<TeamAssignmentCursor> TeamAssignmentCursors => Set<TeamAssignmentCursor>();
    public DbSet<LeadRoutingSettings> LeadRoutingSettings => Set<LeadRoutingSettings>();
    public DbSet<LeadHistoryEntry> LeadHistory => Set<LeadHistoryEntry>();
    public DbSet<ScriptTemplate> ScriptTemplates => Set<ScriptTemplate>();
    public DbSet<ScheduledTimer> ScheduledTimers => Set<ScheduledTimer>();
    public DbSet<Escalation> Escalations => Set<Escalation>();
    public DbSet<SalesPipeline> Pipelines => Set<SalesPipeline>();
    public DbSet<PipelineStage> PipelineStages => Set<PipelineStage>();
    public DbSet<Opportunity> Opportunities => Set<Opportunity>();
    public DbSet<OpportunityStageEntry> OpportunityStageEntries => Set<OpportunityStageEntry>();
    public DbSet<DocumentKind> DocumentKinds => Set<DocumentKind>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivityTag> ActivityTags => Set<ActivityTag>();
    public DbSet<ActivityTagLink> ActivityTagLinks => Set<ActivityTagLink>();
    public DbSet<FollowUpSettings> FollowUpSettings => Set<FollowUpSettings>();
    public DbSet<FollowUpState> FollowUpStates => Set<FollowUpState>();
    public DbSet<ApprovalPolicy> ApprovalPolicies => Set<ApprovalPolicy>();
    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();
    public DbSet<ApprovalDecision> ApprovalDecisions => Set<ApprovalDecision>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<PaymentCollection> PaymentCollections => Set<PaymentCollection>();
    public DbSet<IntegrationClient> IntegrationClients => Set<IntegrationClient>();
    public DbSet<MemberCredential> MemberCredentials => Set<MemberCredential>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ProcessHealthSettings> ProcessHealthSettings => Set<ProcessHealthSettings>();
    public DbSet<AttributionSettings> AttributionSettings => Set<AttributionSettings>();
    public DbSet<AttributionReport> AttributionReports => Set<AttributionReport>();
    public DbSet<AttributionFinding> AttributionFindings => Set<AttributionFinding>();
    public DbSet<HealthAlert> HealthAlerts => Set<HealthAlert>();
    public DbSet<HealthThreshold> HealthThresholds => Set<HealthThreshold>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SalesDbContext).Assembly, type => !type.IsAbstract);

        var applyTenantFilter = typeof(SalesDbContext).GetMethod(nameof(ApplyTenantFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && entityType.BaseType is null && !RowVisibilityFilters.Contains(entityType.ClrType))
            {
                applyTenantFilter.MakeGenericMethod(entityType.ClrType).Invoke(this, [modelBuilder]);
            }
        }

        ApplyRowVisibilityFilters(modelBuilder);
        modelBuilder.UseOpenIddict();
        UnboundOpenIddictTexts(modelBuilder);
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

    /// <summary>Types whose rows are visible by owner as well as by tenant (their filters include the tenant).</summary>
    private static readonly HashSet<Type> RowVisibilityFilters = [typeof(Account), typeof(Contact), typeof(Lead), typeof(Opportunity), typeof(Document), typeof(Activity), typeof(Contract), typeof(PaymentCollection)];

    /// <summary>
    /// Row-level visibility by role and place in the org tree, at the data layer so that lists, node(id:),
    /// nested fields, aggregates and subscriptions all obey the same rule.
    /// </summary>
    private void ApplyRowVisibilityFilters(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>().HasQueryFilter(account => account.TenantId == CurrentTenantId
            && (SeesWholeTenant || (account.OwnerId != null && VisibleOwnerIds.Contains(account.OwnerId.Value))));
        modelBuilder.Entity<Contact>().HasQueryFilter(contact => contact.TenantId == CurrentTenantId
            && (SeesWholeTenant || Set<Account>().Any(account => account.Id == contact.AccountId
                && account.OwnerId != null && VisibleOwnerIds.Contains(account.OwnerId.Value))));
        // A lead still in a queue has no owner: only those who see the whole tenant (ops, admins, integrations) see it.
        modelBuilder.Entity<Lead>().HasQueryFilter(lead => lead.TenantId == CurrentTenantId
            && (SeesWholeTenant || (lead.OwnerId != null && VisibleOwnerIds.Contains(lead.OwnerId.Value))));
        modelBuilder.Entity<Opportunity>().HasQueryFilter(opportunity => opportunity.TenantId == CurrentTenantId
            && (SeesWholeTenant || VisibleOwnerIds.Contains(opportunity.OwnerId)));
        // A document is seen by whoever sees the record it is attached to.
        modelBuilder.Entity<Document>().HasQueryFilter(document => document.TenantId == CurrentTenantId
            && (SeesWholeTenant
                || (document.AccountId != null && Set<Account>().Any(account => account.Id == document.AccountId
                    && account.OwnerId != null && VisibleOwnerIds.Contains(account.OwnerId.Value)))
                || (document.LeadId != null && Set<Lead>().Any(lead => lead.Id == document.LeadId
                    && lead.OwnerId != null && VisibleOwnerIds.Contains(lead.OwnerId.Value)))
                || (document.OpportunityId != null && Set<Opportunity>().Any(opportunity => opportunity.Id == document.OpportunityId
                    && VisibleOwnerIds.Contains(opportunity.OwnerId)))));
        // A follow-up is seen by those who see the member who made it, and by those who saw its subject's owner then.
        modelBuilder.Entity<Activity>().HasQueryFilter(activity => activity.TenantId == CurrentTenantId
            && (SeesWholeTenant || VisibleOwnerIds.Contains(activity.MemberId)
                || (activity.SubjectOwnerId != null && VisibleOwnerIds.Contains(activity.SubjectOwnerId.Value))));
        // A contract is seen as its opportunity's owner's records are; its collections with it.
        modelBuilder.Entity<Contract>().HasQueryFilter(contract => contract.TenantId == CurrentTenantId
            && (SeesWholeTenant || VisibleOwnerIds.Contains(contract.OwnerId)));
        modelBuilder.Entity<PaymentCollection>().HasQueryFilter(collection => collection.TenantId == CurrentTenantId
            && (SeesWholeTenant || Set<Contract>().Any(contract => contract.Id == collection.ContractId && VisibleOwnerIds.Contains(contract.OwnerId))));
    }

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
