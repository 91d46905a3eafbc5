using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

/// <summary>
/// One breach of one metric in one scope: raised when the metric is judged <see cref="HealthStatus.Breached"/> over the
/// rolling window, resolved when it is back at its target (or there is nothing left to judge). A metric and scope
/// have at most one open alert; a later breach after the resolution is a new alert, so the rows are the history.
/// </summary>
public sealed class HealthAlert : ITenantOwned
{
    /// <summary>The <see cref="ScopeId"/> of a tenant-wide alert: a real value rather than null, so the open-alert unique index holds for it too.</summary>
    public const long TenantScopeId = 0;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public ProcessMetric Metric { get; init; }

    public HealthScopeKind ScopeKind { get; init; }

    /// <summary>The member, team or region; <see cref="TenantScopeId"/> for the tenant.</summary>
    public long ScopeId { get; init; }

    /// <summary>The scope's team (a team, or a member's team), kept so visibility is a column test.</summary>
    public long? TeamId { get; init; }

    /// <summary>The scope's region (a region, or a team's or member's region).</summary>
    public long? RegionId { get; init; }

    /// <summary>The verdict that raised it. Only <see cref="HealthStatus.Breached"/> raises today; kept so warnings can alert later without a migration.</summary>
    public HealthStatus Status { get; init; }

    public double Value { get; init; }

    /// <summary>The target the metric fell short of.</summary>
    public double Threshold { get; init; }

    /// <summary>Below this the metric was breached rather than warning.</summary>
    public double WarningBelow { get; init; }

    /// <summary>The period judged when it was raised: [WindowFrom, WindowTo).</summary>
    public DateTime WindowFrom { get; init; }

    public DateTime WindowTo { get; init; }

    public DateTime RaisedAt { get; init; }

    public DateTime? ResolvedAt { get; set; }

    /// <summary>The value that resolved it; null when it was resolved because nothing was left to judge.</summary>
    public double? ResolvedValue { get; set; }

    public HealthScope Scope => new(ScopeKind, ScopeKind == HealthScopeKind.Tenant ? null : ScopeId);
}

internal sealed class HealthAlertConfiguration : IEntityTypeConfiguration<HealthAlert>
{
    public void Configure(EntityTypeBuilder<HealthAlert> builder)
    {
        builder.ToTable("HealthAlerts");
        // Raised once per breach: a second open alert for the same metric and scope is refused by the database, so two
        // nodes evaluating at once cannot both raise it. The quoted name reads the same on SQLite, PostgreSQL and SQL Server.
        builder.HasIndex(a => new { a.TenantId, a.Metric, a.ScopeKind, a.ScopeId })
            .IsUnique()
            .HasFilter("\"ResolvedAt\" IS NULL")
            .HasDatabaseName("IX_HealthAlerts_OpenPerMetricAndScope");
        // History, newest first, and the visibility columns.
        builder.HasIndex(a => new { a.TenantId, a.RaisedAt });
        builder.HasIndex(a => new { a.TenantId, a.TeamId });
        builder.HasIndex(a => new { a.TenantId, a.RegionId });
        builder.Property(a => a.Metric).HasConversion<string>().HasMaxLength(48);
        builder.Property(a => a.ScopeKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

public enum HealthAlertChange
{
    Raised,
    Resolved,
}

/// <summary>An alert was raised or resolved. Carries where its scope sits so subscriptions filter without a query.</summary>
public sealed record HealthAlertChanged(
    long TenantId, long AlertId, HealthAlertChange Change, ProcessMetric Metric, HealthScopeKind ScopeKind, long ScopeId, long? TeamId, long? RegionId,
    DateTime OccurredAt) : IDomainEvent
{
    public static HealthAlertChanged Of(HealthAlert alert, HealthAlertChange change, DateTime at) =>
        new(alert.TenantId, alert.Id, change, alert.Metric, alert.ScopeKind, alert.ScopeId, alert.TeamId, alert.RegionId, at);
}
