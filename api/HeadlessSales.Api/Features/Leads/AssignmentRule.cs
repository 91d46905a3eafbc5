using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Leads;

public enum AssignmentStrategy
{
    /// <summary>The team's reps in turn, one lead each.</summary>
    RoundRobin,

    /// <summary>The team's rep with the fewest open leads.</summary>
    WeightedByOpenWorkload,

    /// <summary>Always the rule's member.</summary>
    NamedMember,

    /// <summary>The team member who owns the lead's province.</summary>
    Territory,
}

/// <summary>
/// One routing rule. Rules are tried by <see cref="Position"/>; the first whose conditions all hold (an empty
/// condition holds for every lead) and whose strategy finds an owner assigns the lead.
/// </summary>
public sealed class AssignmentRule : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; set; }

    public int Position { get; set; }

    public bool Active { get; set; } = true;

    public List<Industry> Industries { get; set; } = [];

    public List<string> Provinces { get; set; } = [];

    public List<LeadSource> Sources { get; set; } = [];

    /// <summary>The lead asked about at least one of these products.</summary>
    public List<string> ProductCodes { get; set; } = [];

    public List<CompanySize> Sizes { get; set; } = [];

    public AssignmentStrategy Strategy { get; set; }

    public long? TeamId { get; set; }

    /// <summary>The owner under <see cref="AssignmentStrategy.NamedMember"/>.</summary>
    public long? MemberId { get; set; }

    /// <summary>Province owners under <see cref="AssignmentStrategy.Territory"/>.</summary>
    public List<TerritoryOwner> Territories { get; set; } = [];

    /// <summary>Overrides the tenant's first-response deadline for the leads this rule assigns.</summary>
    public int? FirstResponseDeadlineMinutes { get; set; }

    /// <summary>Overrides the tenant's choice whether a missed first response hands the lead to the next rep; null follows the tenant.</summary>
    public bool? ReassignOnFirstResponseBreach { get; set; }

    public DateTime CreatedAt { get; init; }

    public bool Matches(Lead lead) =>
        (Industries.Count == 0 || Industries.Contains(lead.Industry))
        && (Provinces.Count == 0 || (lead.Province is not null && Provinces.Contains(lead.Province)))
        && (Sources.Count == 0 || Sources.Contains(lead.Source))
        && (ProductCodes.Count == 0 || lead.ProductInterests.Any(ProductCodes.Contains))
        && (Sizes.Count == 0 || (lead.EstimatedSize is { } size && Sizes.Contains(size)));
}

public sealed class TerritoryOwner
{
    public required string Province { get; set; }

    public long MemberId { get; set; }
}

/// <summary>
/// Where a team's round robin stands. Taking turns means incrementing this row inside the assigning
/// transaction: the row lock (PostgreSQL, SQL Server) or the write lock (SQLite) makes concurrent intakes
/// take consecutive, disjoint turns, so no rep is skipped or given two turns in a row.
/// </summary>
public sealed class TeamAssignmentCursor : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long TeamId { get; init; }

    /// <summary>Turns taken so far; the next lead goes to rep number <c>Position % reps</c>.</summary>
    public long Position { get; set; }
}

/// <summary>The tenant's routing defaults.</summary>
public sealed class LeadRoutingSettings : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>The team whose queue takes the leads no rule assigns; null leaves them in the tenant-wide queue.</summary>
    public long? DefaultQueueTeamId { get; set; }

    /// <summary>Working minutes a new lead may wait for an owner.</summary>
    public int AssignmentDeadlineMinutes { get; set; } = 30;

    /// <summary>Working minutes an owner has for the first call after assignment.</summary>
    public int FirstResponseDeadlineMinutes { get; set; } = 60;

    /// <summary>Working minutes an open escalation waits before it climbs to the next level.</summary>
    public int EscalationStepMinutes { get; set; } = 30;

    /// <summary>Who is told, in order, when a deadline is missed and stays missed.</summary>
    public List<EscalationLevel> EscalationChain { get; set; } = [EscalationLevel.TeamLead, EscalationLevel.RegionManager];

    /// <summary>
    /// When an owner misses the first-response deadline, also give the lead to the next rep of the team in turn (the
    /// escalation is raised either way). Off by default: some teams would rather the lead stay with the rep who knows it.
    /// </summary>
    public bool ReassignOnFirstResponseBreach { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class AssignmentRuleConfiguration : IEntityTypeConfiguration<AssignmentRule>
{
    public void Configure(EntityTypeBuilder<AssignmentRule> builder)
    {
        builder.ToTable("AssignmentRules");
        builder.HasIndex(r => new { r.TenantId, r.Position, r.Id });
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Strategy).HasConversion<string>().HasMaxLength(32);
        builder.PrimitiveCollection(r => r.Industries).HasMaxLength(400);
        builder.PrimitiveCollection(r => r.Provinces).HasMaxLength(1000);
        builder.PrimitiveCollection(r => r.Sources).HasMaxLength(400);
        builder.PrimitiveCollection(r => r.ProductCodes).HasMaxLength(1000);
        builder.PrimitiveCollection(r => r.Sizes).HasMaxLength(400);
        builder.OwnsMany(r => r.Territories, territories =>
        {
            territories.ToTable("AssignmentRuleTerritories");
            territories.WithOwner().HasForeignKey("RuleId");
            territories.Property<long>("Id");
            territories.HasKey("Id");
            territories.Property(t => t.Province).HasMaxLength(50);
            territories.HasIndex("RuleId", nameof(TerritoryOwner.Province)).IsUnique();
            territories.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TeamAssignmentCursorConfiguration : IEntityTypeConfiguration<TeamAssignmentCursor>
{
    public void Configure(EntityTypeBuilder<TeamAssignmentCursor> builder)
    {
        builder.ToTable("TeamAssignmentCursors");
        builder.HasIndex(c => new { c.TenantId, c.TeamId }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeadRoutingSettingsConfiguration : IEntityTypeConfiguration<LeadRoutingSettings>
{
    public void Configure(EntityTypeBuilder<LeadRoutingSettings> builder)
    {
        builder.ToTable("LeadRoutingSettings");
        builder.HasIndex(s => s.TenantId).IsUnique();
        builder.PrimitiveCollection(s => s.EscalationChain).HasMaxLength(400);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.DefaultQueueTeamId).OnDelete(DeleteBehavior.Restrict);
    }
}
