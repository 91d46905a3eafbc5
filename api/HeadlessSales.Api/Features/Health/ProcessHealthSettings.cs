using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Health;

/// <summary>
/// How a tenant judges its process: a target and a warning band per metric. One row per tenant; a tenant with no
/// row uses the defaults below. The metrics' windows are the SOP's own deadlines (<c>LeadRoutingSettings</c> and
/// each rule's override), stored on every lead's deadline timer in working time, so they are tuned there once.
/// </summary>
public sealed class ProcessHealthSettings : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Share of new leads that should get an owner within the assignment deadline (30分钟分配率).</summary>
    public double AssignmentRateTarget { get; set; } = 0.95;

    /// <summary>Share of assigned leads that should be first answered within their SLA (线索响应率).</summary>
    public double ResponseRateTarget { get; set; } = 0.90;

    /// <summary>How far below its target a metric may fall and only warn; further below, it is breached.</summary>
    public double WarningBand { get; set; } = 0.05;

    /// <summary>How many lowest contributors the dashboard names per metric.</summary>
    public int LowestContributors { get; set; } = 3;

    public DateTime UpdatedAt { get; set; }
}

internal sealed class ProcessHealthSettingsConfiguration : IEntityTypeConfiguration<ProcessHealthSettings>
{
    public void Configure(EntityTypeBuilder<ProcessHealthSettings> builder)
    {
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
